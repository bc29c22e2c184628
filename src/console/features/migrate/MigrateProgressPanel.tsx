// The run as it goes: the phase in words, batch i of n, keys done of the total with each
// outcome, the rate and time left, and a progress bar screen readers read as "n of total keys".
import type { MigrateProgress } from '../../../client/migrate.ts';
import { keysDone, keysText, phaseText, rateText, timeLeftText } from './migrate-summary.ts';
import type { RunPhase } from './use-migrate.ts';

function headline(
  phase: RunPhase,
  p: MigrateProgress | undefined,
  from: string,
  to: string,
  move: boolean,
  stopped: string | undefined,
  failed: boolean,
): string {
  if (phase === 'stopping')
    return `Stopping after ${p && p.batch > 0 ? `batch ${p.batch} of ${p.batches}` : 'the first batch'}: its sessions, check${move ? ' and delete' : ''} run to their end…`;
  if (phase === 'running') return p === undefined ? `Reading every node of ${from} and ${to}…` : phaseText(p, from, to);
  if (stopped !== undefined) return `Stopped: ${p ? `${keysDone(p)} of ${keysText(p.total)}` : 'nothing'} reported. Run again to finish.`;
  if (failed) return 'Finished with keys failed or in conflict; see the report.';
  return `Finished: every key is ${move ? 'moved' : 'copied'} or was already there.`;
}

export interface MigrateProgressPanelProps {
  phase: RunPhase;
  progress: MigrateProgress | undefined;
  from: string;
  to: string;
  move: boolean;
  stopped?: string;
  /** Some key failed or is a conflict. */
  failed: boolean;
}

export function MigrateProgressPanel({ phase, progress, from, to, move, stopped, failed }: MigrateProgressPanelProps) {
  const done = progress === undefined ? 0 : keysDone(progress);
  const total = progress?.total ?? 0;
  return (
    <div>
      <p role="status" aria-label="Migrate progress" className="status-line" style={{ color: 'inherit', fontSize: '1rem' }}>
        {headline(phase, progress, from, to, move, stopped, failed)}
      </p>
      <progress style={{ width: '100%' }} max={Math.max(1, total)} value={done} aria-label="Keys reported" aria-valuetext={`${done} of ${total} keys`} />
      <table className="report-fields" aria-label="Migrate counts">
        <tbody>
          <tr>
            <th scope="row">Batch</th>
            <td data-testid="migrate-batch">{progress === undefined || progress.batches === 0 ? '—' : `${progress.batch} of ${progress.batches}`}</td>
          </tr>
          <tr>
            <th scope="row">Keys done</th>
            <td data-testid="migrate-done">
              {done} of {total}
            </td>
          </tr>
          {move && (
            <tr>
              <th scope="row">Moved</th>
              <td data-testid="migrate-moved">{progress?.moved ?? 0}</td>
            </tr>
          )}
          <tr>
            <th scope="row">Copied</th>
            <td data-testid="migrate-copied">{progress?.copied ?? 0}</td>
          </tr>
          <tr>
            <th scope="row">
              Skipped<span className="hint">already there</span>
            </th>
            <td data-testid="migrate-skipped">{progress?.skipped ?? 0}</td>
          </tr>
          <tr>
            <th scope="row">Conflicts</th>
            <td data-testid="migrate-conflicts">{progress?.conflicts ?? 0}</td>
          </tr>
          <tr>
            <th scope="row">Failed</th>
            <td data-testid="migrate-failed">{progress?.failed ?? 0}</td>
          </tr>
          <tr>
            <th scope="row">Rate</th>
            <td>{rateText(progress)}</td>
          </tr>
          <tr>
            <th scope="row">Time left</th>
            <td>{phase === 'finished' ? 'none' : timeLeftText(progress)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
