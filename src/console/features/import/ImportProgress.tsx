// The import session as it runs: one row per node (joining → waiting → agreed → running →
// done / failed, or refused / lost with the reason), then the verdict.
import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { nodePhaseText, type SiteRun } from '../../../client/run-session.ts';
import type { ImportVerdict } from './import-result.ts';
import { groupedFingerprint } from './key-identity.ts';

function nodeText(node: SiteRun['nodes'][number]): string {
  const phase = nodePhaseText(node);
  const view = node.view;
  if (phase !== undefined || view === undefined) return phase ?? 'Joined';
  if (view.state === 'failed') return `Failed: ${view.failure?.message ?? 'no reason given'}`;
  if (view.state === 'done') return view.result?.alreadyPresent ? 'Done (already held this key)' : 'Done';
  return { waiting: 'Waiting for the other nodes', agreed: 'Agreed', running: 'Running' }[view.state];
}

export function ImportProgress({ run, verdict, publicKeyFingerprint }: { run: SiteRun; verdict: ImportVerdict | undefined; publicKeyFingerprint: string }) {
  // Focus follows the import: to the progress when the session starts (the Import button is
  // disabled under the operator's focus), then to the verdict when it comes — never the page top.
  const progressRef = useRef<HTMLDivElement>(null);
  const verdictRef = useRef<HTMLDivElement>(null);
  const hasVerdict = verdict !== undefined;
  useEffect(() => {
    (hasVerdict ? verdictRef : progressRef).current?.focus();
  }, [hasVerdict]);
  return (
    <div ref={progressRef} tabIndex={-1} data-testid="import-progress">
      <p className="muted">
        Session <code className="mono">{run.sessionId}</code>{' '}
        <Link to="/sessions/$id" params={{ id: run.sessionId }}>
          open it in the session cockpit
        </Link>
      </p>
      <div className="table-scroll">
        <table className="node-table" aria-label="Import session progress">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {run.nodes.map((node) => (
              <tr key={node.index} data-state={node.view?.state ?? node.phase}>
                <th scope="row">Node {node.index}</th>
                <td>{nodeText(node)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!run.finished && (
        <p role="status" className="muted">
          Following the session on every node…
        </p>
      )}
      {verdict?.ok === true && (
        <div ref={verdictRef} tabIndex={-1} role="status" className="callout callout-ok" data-testid="import-verdict">
          <p>
            <strong>Imported.</strong> Every node of the site holds its share of key <code className="mono">{verdict.keyId}</code>
            {verdict.alreadyPresent ? ' (it already held this key; nothing was stored again)' : ''}, and every node verified the
            same public key:
          </p>
          <p>
            <code className="mono" data-fingerprint={publicKeyFingerprint}>
              {groupedFingerprint(publicKeyFingerprint)}
            </code>
          </p>
        </div>
      )}
      {verdict?.ok === false && (
        <div ref={verdictRef} tabIndex={-1} role="alert" className="callout callout-error" data-testid="import-verdict">
          <p>
            <strong>Not imported.</strong> No node keeps a share of a session that failed.
          </p>
          <ul>
            {verdict.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
