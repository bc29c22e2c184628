// One connected site: its warnings, whether it is live, and a table of its nodes as their
// /v1/info describes them (re-read on each event of the node's event stream).
import { Link } from '@tanstack/react-router';
import type { EventsApi } from '../../../client/event-stream.ts';
import type { InfoApi, NodeInfo } from '../../../client/info.ts';
import { CopyButton } from '../../shared/CopyButton.tsx';
import type { Site } from '../sites/parse-profile.ts';
import { shortFingerprint, siteWarnings, type NodeStatus } from './node-status.ts';
import { nodeLiveText, siteLiveText } from './live-words.ts';
import type { LiveState } from './node-watch.ts';
import { useNodeStatuses, useNow } from './use-node-statuses.ts';
import type { NodeEventListener } from './node-events.ts';

export interface SiteCardProps {
  site: Site;
  infoApi: InfoApi;
  eventsApi: EventsApi;
  /** Every event of this site's nodes, passed on (the dashboard's pairing health listens). */
  onEvent?: NodeEventListener;
  onDisconnect: (name: string) => void;
}

export function SiteCard({ site, infoApi, eventsApi, onEvent, onDisconnect }: SiteCardProps) {
  const { statuses, live } = useNodeStatuses(site, infoApi, eventsApi, onEvent);
  const nodes = site.nodes.map((n) => ({
    index: n.index,
    url: n.url,
    status: statuses[n.index] ?? ({ state: 'loading' } as NodeStatus),
    live: live[n.index],
  }));
  const now = useNow(nodes.some((n) => n.live?.state === 'reconnecting'));
  const warnings = siteWarnings({ name: site.name, threshold: site.threshold, nodes });
  const headingId = `site-${site.name}-heading`;

  return (
    <section className="site-card card" aria-labelledby={headingId}>
      <div className="site-card-header">
        <h2 id={headingId}>Site {site.name}</h2>
        <span className="muted">
          {site.nodes.length} nodes, threshold {site.threshold}
        </span>
        <span role="status" aria-label={`Updates for ${site.name}`} className="live-indicator">
          {siteLiveText(nodes)}
        </span>
        <div className="site-actions">
          <Link to="/sites/$site/keys" params={{ site: site.name }} className="button">
            Keys
          </Link>
          <Link to="/sites/$site/import" params={{ site: site.name }} className="button">
            Import a key
          </Link>
          <Link to="/sites/$site/bulk-import" params={{ site: site.name }} className="button">
            Bulk import
          </Link>
          <Link to="/sites/$site/migrate" params={{ site: site.name }} className="button">Migrate</Link>
          <Link to="/sites/$site/whitelist" params={{ site: site.name }} className="button">
            Export whitelists
          </Link>
          <Link to="/sites/$site/backup" params={{ site: site.name }} className="button">
            Back up and restore
          </Link>
          <button type="button" className="button" onClick={() => onDisconnect(site.name)}>
            Disconnect {site.name}
          </button>
        </div>
      </div>
      <div role="status" aria-label={`Warnings for ${site.name}`} className="site-warnings">
        {warnings.length === 0 ? (
          <p className="muted">No warnings.</p>
        ) : (
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="table-scroll">
        <table className="node-table" aria-label={`Nodes of ${site.name}`}>
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Status</th>
              <th scope="col">Version</th>
              <th scope="col">n/t</th>
              <th scope="col">Wrapping key</th>
              <th scope="col">Export</th>
              <th scope="col">Whitelist</th>
              <th scope="col">Keys</th>
              <th scope="col">Updates</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => (
              <NodeRow key={n.index} site={site.name} index={n.index} url={n.url} status={n.status} live={n.live} now={now} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

interface NodeRowProps {
  site: string;
  index: number;
  url: string;
  status: NodeStatus;
  live: LiveState | undefined;
  now: number;
}

function NodeRow({ site, index, url, status, live, now }: NodeRowProps) {
  const info = status.state === 'reachable' ? status.info : undefined;
  return (
    <tr data-state={status.state}>
      <th scope="row">
        Node {index}
        <span className="node-url mono">{url}</span>
      </th>
      <td>
        {status.state === 'loading' && <span className="muted">Checking…</span>}
        {status.state === 'reachable' && <span className="badge badge-ok">Reachable</span>}
        {status.state === 'unreachable' && (
          <>
            <span className="badge badge-error">Not reachable</span> <span className="node-reason">{status.reason}</span>
          </>
        )}
      </td>
      <td>{info?.version ?? '—'}</td>
      <td>{info === undefined ? '—' : `${info.n}/${info.t}`}</td>
      <td>
        {info === undefined ? (
          '—'
        ) : (
          <span className="fingerprint-cell">
            <code className="fingerprint" title={info.wrappingKeyFingerprint}>
              {shortFingerprint(info.wrappingKeyFingerprint)}
            </code>
            <CopyButton value={info.wrappingKeyFingerprint} label={`Copy wrapping key fingerprint of node ${index}`} />
          </span>
        )}
      </td>
      <td>{info === undefined ? '—' : info.exportEnabled ? 'Enabled' : 'Disabled'}</td>
      <td>
        <Link to="/sites/$site/nodes/$index/whitelist" params={{ site, index }} aria-label={`Export whitelist of node ${index}${info === undefined ? '' : `: ${whitelistText(info)}`}`}>
          {info === undefined ? 'Open' : whitelistText(info)}
        </Link>
      </td>
      <td>{info?.keyCount ?? '—'}</td>
      <td className={live?.state === 'live' ? 'live-node' : 'muted'}>{nodeLiveText(live, now)}</td>
    </tr>
  );
}

function whitelistText(info: NodeInfo): string {
  return info.whitelistWildcard ? `${info.whitelistSize} (wildcard *)` : String(info.whitelistSize);
}
