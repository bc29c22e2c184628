// /sites/$site/whitelist: the site-wide view. A matrix of the site's nodes × wrapping keys
// (every key some node lists, and every key the console knows), so an operator sees at
// once which node would refuse which key; each node links to its own whitelist page.
import { Link } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import type { ConsoleServices } from '../../services.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import type { Site } from '../sites/parse-profile.ts';
import { useSites } from '../sites/site-store.ts';
import { buildMatrix, CELL_TEXT, type MatrixColumn } from './matrix.ts';
import { originsByFingerprint } from './origins.ts';
import { useKnownKeys } from './use-known-keys.ts';
import { FingerprintCell } from '../../shared/FingerprintCell.tsx';

type Services = Pick<ConsoleServices, 'exportConfigApi' | 'wrappingKeys'>;
type ColumnState = MatrixColumn & { error?: string };

export function SiteWhitelistMatrix({ site, services }: { site: Site; services: Services }) {
  useDocumentTitle(`Whitelists — site ${site.name}`);
  const sites = useSites((s) => s.sites);
  const known = useKnownKeys(sites, services.exportConfigApi, services.wrappingKeys);
  const origins = useMemo(() => originsByFingerprint(known.keys), [known.keys]);
  const [columns, setColumns] = useState<ColumnState[] | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    void Promise.all(
      site.nodes.map(async (node): Promise<ColumnState> => {
        try {
          return { index: node.index, config: await services.exportConfigApi.get(node, controller.signal) };
        } catch (error) {
          return { index: node.index, config: undefined, error: failureReason(error) };
        }
      }),
    ).then((cols) => controller.signal.aborted || setColumns(cols));
    return () => controller.abort();
  }, [site, services.exportConfigApi]);

  const rows = useMemo(() => (columns === undefined ? [] : buildMatrix(site.name, columns, known.keys, origins)), [site.name, columns, known.keys, origins]);

  return (
    <section aria-labelledby="matrix-heading" className="page">
      <p className="breadcrumb">
        <Link to="/">Sites</Link> › Site {site.name} whitelists
      </p>
      <h1 id="matrix-heading">Export whitelists of site {site.name}</h1>
      <p className="lede">
        For every wrapping key, whether each node would wrap its share under it in an export session. A node refuses a key that is not
        on its whitelist, and every key while its export is disabled. Open a node to change its whitelist.
      </p>
      {columns === undefined || known.loading ? (
        <p className="muted" role="status">
          Reading the whitelists of {site.nodes.length} nodes…
        </p>
      ) : (
        <>
          {columns.some((c) => c.error) && (
            <ul role="alert" className="callout callout-error">
              {columns
                .filter((c) => c.error)
                .map((c) => (
                  <li key={c.index}>
                    Node {c.index}: could not read its whitelist ({c.error}).
                  </li>
                ))}
            </ul>
          )}
          {rows.length === 0 ? (
            <p className="callout">No node of this site lists a key, and the console knows no wrapping keys yet.</p>
          ) : (
            <div className="table-scroll">
              <table className="node-table matrix-table" aria-label={`Whitelist matrix of site ${site.name}`}>
                <thead>
                  <tr>
                    <th scope="col">Wrapping key</th>
                    {columns.map((c) => (
                      <th scope="col" key={c.index}>
                        <Link to="/sites/$site/nodes/$index/whitelist" params={{ site: site.name, index: c.index }}>
                          Node {c.index}
                        </Link>
                        <span className="node-url">{c.config === undefined ? 'not read' : c.config.enableExport ? 'export on' : 'export off'}</span>
                      </th>
                    ))}
                    <th scope="col">Summary</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.fingerprint} data-fingerprint={row.fingerprint}>
                      <th scope="row">
                        <FingerprintCell fingerprint={row.fingerprint} />
                        <span className="node-url">
                          {[row.bits === undefined ? undefined : `RSA ${row.bits}`, ...row.origins].filter(Boolean).join('; ') || 'Unknown to this console'}
                        </span>
                      </th>
                      {row.cells.map((cell, i) => (
                        <td key={columns[i]!.index} data-cell={cell}>
                          <span className={`badge badge-${cell === 'admits' || cell === 'admits-wildcard' ? 'ok' : cell === 'unknown' ? 'muted' : 'error'}`}>
                            {CELL_TEXT[cell]}
                          </span>
                        </td>
                      ))}
                      <td>{row.refusedBy.length === 0 ? 'No node refuses it' : `Refused by node${row.refusedBy.length === 1 ? '' : 's'} ${row.refusedBy.join(', ')}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
