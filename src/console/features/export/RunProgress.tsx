// A running (or finished) export session in words: a status line, each node's state, and
// the failure with the node it names (and a link to that node's whitelist when a whitelist
// or EnableExport was the cause).
import { Link } from '@tanstack/react-router';
import type { SiteRun } from '../../../client/run-session.ts';
import type { Site } from '../sites/parse-profile.ts';
import { nodeRunText, runFailure, runSummary } from './run-words.ts';

export function RunProgress({ site, run }: { site: Site; run: SiteRun }) {
  const failure = runFailure(run);
  const named = run.nodes.map((n) => n.view?.failure).find((f) => f !== undefined);
  const fixable = named && (named.reason === 'not-whitelisted' || named.reason === 'export-disabled') && named.node !== undefined ? named.node : undefined;
  return (
    <section aria-labelledby="run-heading" className="card export-run">
      <h3 id="run-heading">Export session</h3>
      <p className="muted">
        Session ID <span className="mono">{run.sessionId}</span>
      </p>
      <p role="status" data-testid="run-summary">
        {runSummary(run)}
      </p>
      <ul className="export-run-nodes" aria-label="Nodes in the session">
        {run.nodes.map((n) => (
          <li key={n.index} data-state={n.view?.state ?? n.phase}>
            <strong>Node {n.index}:</strong> {nodeRunText(n)}
          </li>
        ))}
      </ul>
      {failure !== undefined && (
        <div role="alert" className="callout callout-error" data-testid="run-failure">
          <p>{failure}</p>
          <p>Nothing left any node: a failed export wraps no share.</p>
          {fixable !== undefined && (
            <p>
              <Link to="/sites/$site/nodes/$index/whitelist" params={{ site: site.name, index: fixable }}>
                Open the export whitelist of node {fixable}
              </Link>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
