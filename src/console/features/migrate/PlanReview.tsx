// The plan before anything changes: how many keys take each action, and a table of the keys
// with their planned action — conflicts and refusals first, each with its sentence.
import type { MigratePlan } from '../../../client/migrate.ts';
import { actionText, actionWhy, orderedPlan, planSummary } from './migrate-summary.ts';

/** Keys to be worked on and skipped shown below the conflicts and refusals. */
const OTHERS_SHOWN = 100;

const BADGE: Record<string, string> = {
  conflict: 'badge badge-error',
  refuse: 'badge badge-error',
  copy: 'badge badge-ok',
  'finish-move': 'badge badge-ok',
  skip: 'badge badge-muted',
};

export function PlanReview({ plan, from, to }: { plan: MigratePlan; from: string; to: string }) {
  const s = planSummary(plan);
  const ordered = orderedPlan(plan);
  const problems = ordered.filter((k) => k.action === 'conflict' || k.action === 'refuse');
  const others = ordered.filter((k) => k.action !== 'conflict' && k.action !== 'refuse');
  const shown = [...problems, ...others.slice(0, OTHERS_SHOWN)];
  return (
    <>
      <table className="report-fields" aria-label="Planned actions">
        <tbody>
          <tr>
            <th scope="row">{plan.move ? 'To move' : 'To copy'}</th>
            <td data-testid="plan-copy">{s.copy}</td>
          </tr>
          {plan.move && (
            <tr>
              <th scope="row">
                To finish moving
                <span className="hint">
                  already on every {to} node; checked again, then deleted from {from}
                </span>
              </th>
              <td data-testid="plan-finish-move">{s.finishMove}</td>
            </tr>
          )}
          <tr>
            <th scope="row">
              Skipped<span className="hint">already there</span>
            </th>
            <td data-testid="plan-skip">{s.skip}</td>
          </tr>
          <tr>
            <th scope="row">
              Conflicts<span className="hint">never touched</span>
            </th>
            <td data-testid="plan-conflict">{s.conflict}</td>
          </tr>
          <tr>
            <th scope="row">Refused</th>
            <td data-testid="plan-refuse">{s.refuse}</td>
          </tr>
          <tr>
            <th scope="row">Of</th>
            <td data-testid="plan-total">{s.total}</td>
          </tr>
        </tbody>
      </table>
      {plan.keys.length === 0 ? (
        <p className="muted">No keys in the plan.</p>
      ) : (
        <div className="table-scroll">
          <table className="node-table" aria-label="Planned keys">
            <thead>
              <tr>
                <th scope="col">Key ID</th>
                <th scope="col">Curve</th>
                <th scope="col">Planned</th>
                <th scope="col">What happens</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((k) => (
                <tr key={k.keyId} data-action={k.action}>
                  <th scope="row" className="mono" style={{ whiteSpace: 'nowrap' }}>
                    {k.keyId}
                  </th>
                  <td>{k.curve ?? '—'}</td>
                  <td>
                    <span className={BADGE[k.action]}>{actionText(k.action, plan.move)}</span>
                  </td>
                  <td>{actionWhy(k, plan.move, from, to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {others.length > OTHERS_SHOWN && (
        <p className="muted">
          Shown: every conflict and refusal and the first {OTHERS_SHOWN} of {others.length} other keys.
        </p>
      )}
    </>
  );
}
