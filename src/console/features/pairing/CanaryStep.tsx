// Step 4: the canary — a throw-away key generated on main, copied to the fail-over site,
// checked on every node of both, then deleted on both — each step with its time as it ends.
import type { CanaryReport, CanaryStep as Step } from '../../../client/pair-transfer.ts';
import { CANARY_STEP_LABEL, CANARY_STEPS, canarySummary } from './canary-words.ts';

export interface CanaryStepProps {
  running: boolean;
  steps: readonly Step[];
  report: CanaryReport | undefined;
  error: string | undefined;
  disabledReason: string | undefined;
  onRun: () => void;
}

export function CanaryStep({ running, steps, report, error, disabledReason, onRun }: CanaryStepProps) {
  const done = new Map(steps.map((s) => [s.step, s]));
  const started = running || report !== undefined;
  return (
    <>
      <button type="button" className="button button-primary" disabled={running || disabledReason !== undefined} onClick={onRun}>
        {running ? 'Running the canary…' : report === undefined ? 'Run the canary' : 'Run the canary again'}
      </button>
      {disabledReason !== undefined && <p className="hint">{disabledReason}</p>}
      {started && (
        <ol className="pair-canary-steps" aria-label="Canary steps">
          {CANARY_STEPS.map((name) => {
            const s = done.get(name);
            return (
              <li key={name} data-step={name} data-ok={s?.ok}>
                <span className={`badge ${s === undefined ? 'badge-muted' : s.ok ? 'badge-ok' : 'badge-error'}`}>{s === undefined ? (running ? 'Waiting' : 'Not run') : s.ok ? 'OK' : 'Failed'}</span>{' '}
                {CANARY_STEP_LABEL[name]}
                {s !== undefined && <span className="mono"> {s.ms} ms</span>}
                {s?.message !== undefined && <span className="node-reason"> — {s.message}</span>}
              </li>
            );
          })}
        </ol>
      )}
      {report !== undefined && (
        <p className={`callout ${report.ok ? 'callout-ok' : 'callout-error'}`} role={report.ok ? 'status' : 'alert'} data-testid="canary-result">
          {canarySummary(report)}
        </p>
      )}
      {error !== undefined && (
        <p className="callout callout-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
