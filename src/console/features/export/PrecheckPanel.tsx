// The whitelist pre-check as a table (one row per source node) with a summary, and links to
// the whitelist manager of every node that refuses or could not be asked.
import { Link } from '@tanstack/react-router';
import type { Site } from '../sites/parse-profile.ts';
import { precheckSummary, verdictText } from './precheck.ts';
import type { TargetKey } from './target-keys.ts';
import type { PrecheckState } from './use-export.ts';

export function PrecheckPanel({ site, keys, state, onRecheck }: { site: Site; keys: readonly TargetKey[]; state: PrecheckState; onRecheck: () => void }) {
  if (state.status === 'idle') return null;
  if (state.status === 'checking') {
    return (
      <p className="muted" role="status">
        Asking the {site.nodes.length} nodes whether their whitelists admit these wrapping keys…
      </p>
    );
  }
  const p = state.result;
  const blocked = [...p.refusing, ...p.unknown].sort((a, b) => a - b);
  return (
    <section aria-labelledby="precheck-heading" className="card export-precheck">
      <div className="heading-with-action">
        <h3 id="precheck-heading">Whitelist check</h3>
        <button type="button" className="button" onClick={onRecheck}>
          Check again
        </button>
      </div>
      <p role={p.ok ? 'status' : 'alert'} className={`callout ${p.ok ? 'callout-ok' : 'callout-error'}`} data-testid="precheck-summary">
        {precheckSummary(p)}
      </p>
      <div className="table-scroll">
        <table className="node-table" aria-label="Whitelist check per node">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Wrapping key for it</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {p.nodes.map((v) => {
              const key = keys[v.index - 1];
              const short = key?.fingerprint.slice(0, 12) ?? '?';
              return (
                <tr key={v.index}>
                  <th scope="row">Node {v.index}</th>
                  <td className="mono" title={key?.fingerprint}>
                    {short}…
                  </td>
                  <td>
                    <span className={`badge ${v.verdict.startsWith('admits') ? 'badge-ok' : 'badge-error'}`}>{v.verdict.startsWith('admits') ? 'Admits' : v.verdict === 'unknown' ? 'Unknown' : 'Refuses'}</span>{' '}
                    {verdictText(v, short)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {blocked.length > 0 && (
        <ul className="export-fix-links" aria-label="Whitelists to change">
          {blocked.map((index) => (
            <li key={index}>
              <Link to="/sites/$site/nodes/$index/whitelist" params={{ site: site.name, index }}>
                Open the export whitelist of node {index}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
