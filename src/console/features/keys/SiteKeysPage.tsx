// /sites/$site/keys: the keys of a site, merged from every node's GET /v1/keys. A node that
// cannot be read is named while the others' keys still show; a key missing on some node
// is flagged (it cannot be exported). Each key links to its export page.
import { Link } from '@tanstack/react-router';
import { Fragment } from 'react';
import type { ConsoleServices } from '../../services.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import type { Site } from '../sites/parse-profile.ts';
import { exportable, originParts, type SiteKey } from './site-keys.ts';
import { useSiteKeys } from './use-site-keys.ts';
import { FingerprintCell } from '../../shared/FingerprintCell.tsx';

export function SiteKeysPage({ site, services }: { site: Site; services: Pick<ConsoleServices, 'keysApi'> }) {
  useDocumentTitle(`Keys — site ${site.name}`);
  const { state, reload } = useSiteKeys(site, services.keysApi);
  const failed = state.status === 'ready' ? state.answers.filter((a): a is { index: number; error: string } => 'error' in a) : [];
  const allFailed = state.status === 'ready' && failed.length === site.nodes.length;

  return (
    <section aria-labelledby="keys-heading" className="page">
      <p className="breadcrumb">
        <Link to="/">Sites</Link> › Site {site.name} keys
      </p>
      <div className="heading-with-action">
        <h1 id="keys-heading">Keys of site {site.name}</h1>
        <button type="button" className="button" onClick={reload} disabled={state.status === 'loading'}>
          Reload
        </button>
      </div>
      <p className="lede">
        Every key the nodes of this site hold a share of ({site.nodes.length} nodes, threshold {site.threshold}). A key can be exported only
        when every node holds its share.
      </p>
      {state.status === 'loading' ? (
        <p className="muted" role="status">
          Reading the keys of {site.nodes.length} nodes…
        </p>
      ) : (
        <>
          {failed.length > 0 && (
            <div role="alert" className="callout callout-error">
              <ul aria-label="Nodes that could not be read" className="keys-failed-nodes">
                {failed.map((f) => (
                  <li key={f.index}>
                    Node {f.index}: could not read its keys ({f.error}).
                  </li>
                ))}
              </ul>
              <p>The keys below are those of the other nodes; whether node {failed.map((f) => f.index).join(', ')} holds them is unknown.</p>
            </div>
          )}
          {allFailed ? (
            <p className="callout">No node of this site could be read, so its keys are unknown. Check the nodes on the Sites page and reload.</p>
          ) : state.keys.length === 0 ? (
            <div className="callout empty-state" data-testid="keys-empty">
              <p>No keys on this site yet.</p>
              <p className="muted">Keys appear here once a keygen or import session has stored them on the nodes.</p>
            </div>
          ) : (
            <KeysTable site={site} keys={state.keys} />
          )}
        </>
      )}
    </section>
  );
}

function KeysTable({ site, keys }: { site: Site; keys: SiteKey[] }) {
  return (
    <div className="table-scroll">
      <table className="node-table keys-table" aria-label={`Keys of site ${site.name}`}>
        <thead>
          <tr>
            <th scope="col">Key ID</th>
            <th scope="col">Curve</th>
            <th scope="col">Public key fingerprint</th>
            <th scope="col">Chain code</th>
            <th scope="col">Created</th>
            <th scope="col">Origin</th>
            <th scope="col">On nodes</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <Fragment key={key.keyId}>
              <tr>
                <th scope="row" className="mono">
                  {key.keyId}
                </th>
                <td>{key.curve}</td>
                <td>
                  <FingerprintCell fingerprint={key.fingerprint} copyLabel={`Copy the public key fingerprint of ${key.keyId}`} />
                </td>
                <td>{key.chainCode ? 'Yes (BIP32)' : 'No'}</td>
                <td className="keys-created">
                  <time dateTime={key.createdAt} title={key.createdAt}>
                    {formatDate(key.createdAt)}
                  </time>
                </td>
                <td className="keys-origin">
                  <Origin origin={key.origin} />
                </td>
                <td className="keys-presence">
                  {key.presentOn.length === site.nodes.length ? (
                    <span className="badge badge-ok">All {key.presentOn.length}</span>
                  ) : (
                    <span className="badge badge-error">
                      {key.presentOn.length} of {site.nodes.length}
                    </span>
                  )}
                </td>
                <td>
                  {exportable(key) ? (
                    <Link to="/sites/$site/keys/$keyId/export" params={{ site: site.name, keyId: key.keyId }} aria-label={`Export ${key.keyId}`}>
                      Export…
                    </Link>
                  ) : (
                    <span className="muted">Cannot export</span>
                  )}
                </td>
              </tr>
              {key.warnings.length > 0 && (
                <tr className="keys-warning-row">
                  <td colSpan={8}>
                    <span className="visually-hidden">Key {key.keyId}: </span>
                    {key.warnings.map((w) => (
                      <span key={w} className="entry-warning">
                        {w}{' '}
                      </span>
                    ))}
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Origin({ origin }: { origin: string }) {
  const { what, sessionId } = originParts(origin);
  if (sessionId === undefined) return <>{origin}</>;
  return (
    <span title={origin}>
      {what} <span className="mono">{sessionId.slice(0, 8)}…</span>
    </span>
  );
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
}
