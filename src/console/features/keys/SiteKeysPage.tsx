// /sites/$site/keys: the keys of a site, merged from every node's GET /v1/keys. A node that
// cannot be read is named while the others' keys still show; a key missing on some node
// is flagged (it cannot be exported). Each key links to its export page. Each key's full
// public key and fingerprint can be copied; for a paired site a column says whether the key
// is on the counterpart site with the same public key.
import { Link } from '@tanstack/react-router';
import { Fragment, useMemo } from 'react';
import { CopyButton } from '../../shared/CopyButton.tsx';
import { useSites } from '../sites/site-store.ts';
import { counterpartStatuses, type CounterpartStatus } from './counterpart-keys.ts';
import { useCounterpartKeys, type CounterpartKeys } from './use-counterpart-keys.ts';
import type { ConsoleServices } from '../../services.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import type { Site } from '../sites/parse-profile.ts';
import { exportable, originParts, type SiteKey } from './site-keys.ts';
import { useSiteKeys } from './use-site-keys.ts';
import { FingerprintCell } from '../../shared/FingerprintCell.tsx';

export function SiteKeysPage({ site, services }: { site: Site; services: Pick<ConsoleServices, 'keysApi' | 'infoApi'> }) {
  useDocumentTitle(`Keys — site ${site.name}`);
  const { state, reload, generation } = useSiteKeys(site, services.keysApi);
  const sites = useSites((s) => s.sites);
  const counterpart = useCounterpartKeys(site, sites, services.infoApi, services.keysApi, generation);
  const keys = state.status === 'ready' ? state.keys : undefined;
  const statuses = useMemo(() => (keys !== undefined && counterpart.state === 'ready' ? counterpartStatuses(keys, counterpart.answers) : undefined), [keys, counterpart]);
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
            <>
              <CounterpartNote counterpart={counterpart} />
              <KeysTable site={site} keys={state.keys} counterpart={counterpartColumn(counterpart, statuses)} />
            </>
          )}
        </>
      )}
    </section>
  );
}

/** The column "on <counterpart>": absent when the site records no pairing. */
interface CounterpartColumn {
  site: string;
  /** Undefined while loading or when the counterpart is not connected. */
  statuses: Map<string, CounterpartStatus> | undefined;
  /** The cell text while there is no status. */
  pending: string;
}

function counterpartColumn(c: CounterpartKeys, statuses: Map<string, CounterpartStatus> | undefined): CounterpartColumn | undefined {
  if (c.state === 'none' || c.state === 'loading') return undefined;
  return { site: c.record.counterpartSite, statuses, pending: c.state === 'not-connected' ? 'Not checked' : 'Checking…' };
}

function CounterpartNote({ counterpart }: { counterpart: CounterpartKeys }) {
  if (counterpart.state !== 'ready' && counterpart.state !== 'not-connected') return null;
  const { record } = counterpart;
  const role = record.role === 'main' ? 'its fail-over site' : 'its main site';
  return (
    <p className="muted keys-counterpart-note">
      This site is paired with {record.counterpartSite} ({role}).{' '}
      {counterpart.state === 'ready'
        ? `The column “on ${record.counterpartSite}” says whether each key is there with the same public key.`
        : `${record.counterpartSite} is not connected in this console, so whether the keys are there is not checked; connect it to see.`}
    </p>
  );
}

const BADGE: Record<CounterpartStatus['state'], string> = { same: 'badge badge-ok', missing: 'badge badge-error', 'half-held': 'badge badge-error', conflict: 'badge badge-error', unknown: 'badge badge-muted' };

function KeysTable({ site, keys, counterpart }: { site: Site; keys: SiteKey[]; counterpart: CounterpartColumn | undefined }) {
  const columns = counterpart === undefined ? 8 : 9;
  return (
    <div className="table-scroll">
      <table className="node-table keys-table" aria-label={`Keys of site ${site.name}`}>
        <thead>
          <tr>
            <th scope="col">Key ID</th>
            <th scope="col">Curve</th>
            <th scope="col">Public key</th>
            <th scope="col">Chain code</th>
            <th scope="col">Created</th>
            <th scope="col">Origin</th>
            <th scope="col">On nodes</th>
            {counterpart !== undefined && <th scope="col">on {counterpart.site}</th>}
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
                <td className="keys-public-key">
                  <FingerprintCell fingerprint={key.fingerprint} copyLabel={`Copy the public key fingerprint of ${key.keyId}`} />
                  <span className="public-key-line">
                    <details>
                      <summary title={key.publicKey}>Public key</summary>
                      <code className="public-key-full" aria-label={`Public key of ${key.keyId} (base64 SPKI)`}>
                        {key.publicKey}
                      </code>
                    </details>
                    <CopyButton value={key.publicKey} label={`Copy the public key of ${key.keyId}`} />
                  </span>
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
                {counterpart !== undefined && (
                  <td className="keys-counterpart">
                    <CounterpartCell status={counterpart.statuses?.get(key.keyId)} pending={counterpart.pending} />
                  </td>
                )}
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
                  <td colSpan={columns}>
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

function CounterpartCell({ status, pending }: { status: CounterpartStatus | undefined; pending: string }) {
  if (status === undefined) return <span className="muted">{pending}</span>;
  return (
    <span className={BADGE[status.state]} data-state={status.state}>
      {status.text}
    </span>
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
