// /sessions/$id: one session as every node of its site sees it — overall state, the
// failure in words, the side-by-side diff on a mismatch, the time left to join, the
// resulting public key, joining the missing nodes, and per node its timeline and the
// parameters it joined with. Live like the list.
import { Link } from '@tanstack/react-router';
import type { SessionView } from '../../../client/sessions.ts';
import type { ConsoleServices } from '../../services.ts';
import { CopyButton } from '../../shared/CopyButton.tsx';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { useNow } from '../dashboard/use-node-statuses.ts';
import type { Site } from '../sites/parse-profile.ts';
import { joinPlan } from './join-plan.ts';
import { JoinPanel } from './JoinPanel.tsx';
import type { MergedSession, NodeCell } from './merge.ts';
import { NodeProblems } from './NodeProblems.tsx';
import { mismatchDiff, valueText, type FieldDiff } from './parameter-diff.ts';
import { ParameterTable } from './ParameterTable.tsx';
import { StateBadge } from './StateBadge.tsx';
import { useFingerprint } from '../../shared/use-fingerprint.ts';
import { failingNodes, useSessionFeeds } from './use-session-feeds.ts';
import { reasonSentence } from '../../../client/failure-words.ts';
import { ageText, cellDescription, shownState, timeLeftText } from './words.ts';

export interface SessionDetailProps {
  sessionId: string;
  sites: readonly Site[];
  services: ConsoleServices;
}

export function SessionDetail({ sessionId, sites, services }: SessionDetailProps) {
  useDocumentTitle(`Session ${sessionId}`);
  const { feeds, sessions } = useSessionFeeds(sites, services);
  const now = useNow(true);
  const matches = sessions.filter((s) => s.sessionId === sessionId);
  const failing = failingNodes(feeds);
  const loading = Object.values(feeds).some((f) => f.status === 'loading');

  return (
    <section aria-labelledby="session-heading" className="page session-page">
      <p className="breadcrumb">
        <Link to="/sessions">Sessions</Link> › <span className="mono">{sessionId}</span>
      </p>
      <h1 id="session-heading">
        Session <span className="mono session-id">{sessionId}</span>
      </h1>
      <NodeProblems failing={failing} now={now} />
      {sites.length === 0 ? (
        <div className="callout" data-testid="session-no-sites">
          <p>
            No sites connected, so no node can be asked about this session. <Link to="/">Go to Sites</Link> and import the site’s profile.
          </p>
        </div>
      ) : matches.length === 0 ? (
        loading ? (
          <p role="status" className="muted">
            Asking the nodes about this session…
          </p>
        ) : (
          <div className="callout" data-testid="session-not-found" role="status">
            <p>
              No connected node knows this session. Sessions live in each node’s memory, so a restarted node has forgotten it; or it
              belongs to a site this tab is not connected to.
            </p>
          </div>
        )
      ) : (
        matches.map((s) => <OneSession key={s.site} session={s} site={sites.find((x) => x.name === s.site)!} services={services} now={now} />)
      )}
    </section>
  );
}

function OneSession({ session, site, services, now }: { session: MergedSession; site: Site; services: ConsoleServices; now: number }) {
  const views = session.cells.flatMap((c) => (c.kind === 'view' ? [c.view] : []));
  const failure = views.find((v) => v.failure !== undefined)?.failure;
  const publicKeys = [...new Set(views.flatMap((v) => (v.result?.publicKey === undefined ? [] : [v.result.publicKey])))];
  const joinDeadline = views.map((v) => v.joinDeadline).reduce((a, b) => (b < a ? b : a), views[0]?.joinDeadline ?? '');
  const diff = mismatchDiff(views);
  const plan = joinPlan(session, now);
  return (
    <>
      <div className="card session-summary">
        <table className="report-fields" aria-label="Session summary">
          <tbody>
            <tr>
              <th scope="row">State</th>
              <td>
                <StateBadge state={session.state} /> <span data-testid="overall-state" className="visually-hidden">{session.state}</span>
              </td>
            </tr>
            <tr>
              <th scope="row">Kind</th>
              <td>{session.kind}</td>
            </tr>
            <tr>
              <th scope="row">Site</th>
              <td>{session.site}</td>
            </tr>
            <tr>
              <th scope="row">Key ID</th>
              <td className="mono">{session.keyId ?? '—'}</td>
            </tr>
            <tr>
              <th scope="row">Started</th>
              <td title={session.createdAt}>
                {new Date(session.createdAt).toLocaleString()} ({ageText(session.createdAt, now)})
              </td>
            </tr>
            <tr>
              <th scope="row">Nodes</th>
              <td>
                <ul className="session-node-states" aria-label="State per node">
                  {session.cells.map((c) => {
                    const shown = shownState(c, session.state);
                    return (
                      <li key={c.index} data-node={c.index} data-cell-state={shown.state ?? 'none'}>
                        Node {c.index}: <StateBadge state={shown.state} label={cellDescription(c)} />
                        {shown.reason !== undefined && <span className="muted"> {shown.reason}</span>}
                        {c.kind === 'absent' && shown.state === undefined && <span className="muted"> has not joined</span>}
                      </li>
                    );
                  })}
                </ul>
              </td>
            </tr>
          </tbody>
        </table>
        {session.state === 'waiting' && joinDeadline !== '' && (
          <p className="session-deadline" data-testid="join-deadline">
            Waiting for every node to join: <strong>{timeLeftText(joinDeadline, now)}</strong> before the join deadline (
            {new Date(joinDeadline).toLocaleTimeString()}).
          </p>
        )}
      </div>

      {failure !== undefined && (
        <div role="alert" className="callout callout-error" data-testid="session-failure">
          <p>
            <strong>Failed: {failure.reason}.</strong> {reasonSentence(failure.reason)}
          </p>
          <p>
            The node says: “{failure.message}”{failure.node !== undefined ? ` (node ${failure.node})` : ''}.
          </p>
        </div>
      )}

      {diff.length > 0 && <MismatchDiff diff={diff} />}

      {publicKeys.length > 0 && <PublicKey publicKeys={publicKeys} />}

      <JoinPanel plan={plan} site={site} sessionsApi={services.sessionsApi} />

      <h2>Per node</h2>
      <div className="session-nodes">
        {session.cells.map((c) => (
          <NodeCard key={c.index} cell={c} />
        ))}
      </div>
    </>
  );
}

function MismatchDiff({ diff }: { diff: FieldDiff[] }) {
  return (
    <section className="card" aria-labelledby="diff-heading">
      <h2 id="diff-heading">Where the nodes disagree</h2>
      {diff.map((d) => (
        <div key={d.field} className="table-scroll">
          <table className="node-table session-diff" aria-label={`Differences in ${d.field}`} data-field={d.field}>
            <caption>
              <code>{d.field}</code>
              {d.reported ? ' (named by the nodes’ mismatch)' : ''}
            </caption>
            <thead>
              <tr>
                {d.sides.map((s) => (
                  <th scope="col" key={s.nodes.join(',')}>
                    {s.nodes.length === 1 ? `Node ${s.nodes[0]}` : `Nodes ${s.nodes.join(', ')}`}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {d.sides.map((s) => (
                  <td key={s.nodes.join(',')} className="mono" title={typeof s.value === 'string' ? s.value : JSON.stringify(s.value)}>
                    {valueText(s.value, 80)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

function PublicKey({ publicKeys }: { publicKeys: string[] }) {
  const key = publicKeys[0]!;
  const fp = useFingerprint(key);
  return (
    <section className="card" aria-labelledby="public-key-heading">
      <h2 id="public-key-heading">Resulting public key</h2>
      {publicKeys.length > 1 && <p className="callout callout-error">The nodes report {publicKeys.length} different public keys; this one is node order first.</p>}
      <table className="report-fields" aria-label="Resulting public key">
        <tbody>
          <tr>
            <th scope="row">Fingerprint (SHA-256)</th>
            <td>
              {fp === undefined || fp.state === 'working' ? (
                <span className="muted">Computing…</span>
              ) : fp.state === 'failed' ? (
                <span className="field-error">Not a public key: {fp.message}</span>
              ) : (
                <span className="fingerprint-cell">
                  <code className="fingerprint" data-testid="public-key-fingerprint">
                    {fp.fingerprint}
                  </code>
                  <CopyButton value={fp.fingerprint} label="Copy fingerprint" />
                </span>
              )}
            </td>
          </tr>
          <tr>
            <th scope="row">Public key (base64 SPKI)</th>
            <td>
              <code className="report-value long mono" data-testid="public-key">
                {key}
              </code>
              <CopyButton value={key} label="Copy public key" />
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function NodeCard({ cell }: { cell: NodeCell }) {
  const heading = `session-node-${cell.index}`;
  return (
    <section className="card session-node" aria-labelledby={heading} data-node={cell.index}>
      <h3 id={heading}>
        Node {cell.index} <StateBadge state={cell.kind === 'view' ? cell.view.state : undefined} label={cellDescription(cell)} />
      </h3>
      {cell.kind === 'absent' && <p className="muted">This node has not joined the session.</p>}
      {cell.kind === 'unknown' && <p className="muted">Not known — {cell.reason ?? 'the node has not answered yet'}.</p>}
      {cell.kind === 'view' && cell.stale !== undefined && (
        <p className="callout callout-warn">Not reachable now — {cell.stale.reason}. This is what it last reported.</p>
      )}
      {cell.kind === 'view' && <NodeView view={cell.view} />}
    </section>
  );
}

function NodeView({ view }: { view: SessionView }) {
  return (
    <>
      <h4>Timeline</h4>
      <ol className="session-timeline" aria-label={`Timeline of node ${view.node}`}>
        {view.history.map((h, i) => (
          <li key={`${i}-${h.state}`}>
            <time dateTime={h.at} title={h.at}>
              {new Date(h.at).toLocaleTimeString(undefined, { hour12: false })}.{String(new Date(h.at).getMilliseconds()).padStart(3, '0')}
            </time>{' '}
            <StateBadge state={h.state} />
          </li>
        ))}
      </ol>
      <p className="muted">Joined as seen by this node: {view.joined.length === 0 ? 'none' : `node ${view.joined.join(', ')}`}.</p>
      {view.failure !== undefined && (
        <p className="field-error">
          {view.failure.reason}: {view.failure.message}
        </p>
      )}
      <h4>Parameters it joined with</h4>
      <ParameterTable parameters={view.parameters} label={`Parameters of node ${view.node}`} />
    </>
  );
}
