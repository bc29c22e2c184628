// Step 3: apply — each planned change sent with the version it was based on; every node's
// outcome shown, a node changed meanwhile named as re-planned (the plan above is read
// again), and the nodes that did change named even when others failed.
import type { AppliedChange } from '../../../client/pairing-state.ts';
import { applySummary, OUTCOME_LABEL, outcomeText } from './apply-words.ts';

export interface ApplyStepProps {
  /** Nodes whose whitelist the plan changes, and nodes whose pairing record it writes. */
  pendingWhitelists: number;
  pendingRecords: number;
  applying: boolean;
  result: AppliedChange[] | undefined;
  error: string | undefined;
  disabledReason: string | undefined;
  onApply: () => void;
}

const nodes = (n: number) => `${n} node${n === 1 ? '' : 's'}`;

export function ApplyStep({ pendingWhitelists, pendingRecords, applying, result, error, disabledReason, onApply }: ApplyStepProps) {
  const summary = result === undefined ? undefined : applySummary(result);
  return (
    <>
      <p>
        {pendingWhitelists + pendingRecords === 0
          ? 'Every node is as planned: nothing to send.'
          : `Whitelists to change: ${nodes(pendingWhitelists)}; pairing records to write: ${nodes(pendingRecords)} (who, when, the counterpart and its fingerprint). Each write carries the version it was based on: a node changed meanwhile is re-planned, never overwritten.`}
      </p>
      <button type="button" className="button button-primary" disabled={applying || disabledReason !== undefined} onClick={onApply}>
        {applying ? 'Applying…' : 'Apply the plan'}
      </button>
      {disabledReason !== undefined && <p className="hint">{disabledReason}</p>}
      {error !== undefined && (
        <p className="callout callout-error" role="alert">
          {error}
        </p>
      )}
      {summary !== undefined && result !== undefined && (
        <>
          <p className={`callout ${summary.ok ? 'callout-ok' : 'callout-warn'}`} role={summary.ok ? 'status' : 'alert'} data-testid="apply-summary">
            {summary.text}
          </p>
          <ul className="pair-apply-outcomes" aria-label="Outcome per node">
            {result.map((c) => (
              <li key={`${c.site}/${c.index}`} data-node={`${c.site}/${c.index}`} data-outcome={c.outcome}>
                <span className={`badge ${c.outcome === 'changed' || c.outcome === 'unchanged' ? 'badge-ok' : 'badge-error'}`}>{OUTCOME_LABEL[c.outcome]}</span> {outcomeText(c)}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
