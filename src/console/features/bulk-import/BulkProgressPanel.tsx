// The bulk run as it goes: done / skipped / failed of the total, the rate and the time left,
// and a progress bar screen readers read as "n of total keys".
import type { BulkProgress } from '../../../client/bulk-import.ts';
import { rateText, timeLeftText, type BulkCounts } from './bulk-summary.ts';
import type { BulkPhase } from './use-bulk-import.ts';

function headline(phase: BulkPhase, stopped: boolean, counts: BulkCounts): string {
  if (phase === 'stopping') return 'Stopping after the batch in its session…';
  if (phase === 'running') return 'Importing…';
  if (stopped) return `Stopped: ${counts.finished} of ${counts.total} reported. Run again to import the rest.`;
  return counts.failed === 0 ? 'Finished: every key is on every node.' : `Finished with ${counts.failed} failed; see the report.`;
}

export function BulkProgressPanel({ counts, progress, phase, stopped }: { counts: BulkCounts; progress: BulkProgress | undefined; phase: BulkPhase; stopped: boolean }) {
  return (
    <div>
      <p role="status" aria-label="Import progress">
        {headline(phase, stopped, counts)}
      </p>
      <progress style={{ width: '100%' }} max={Math.max(1, counts.total)} value={counts.finished} aria-label="Keys reported" aria-valuetext={`${counts.finished} of ${counts.total} keys`} />
      <table className="report-fields" aria-label="Import counts">
        <tbody>
          <tr>
            <th scope="row">Done</th>
            <td data-testid="bulk-done">{counts.done}</td>
          </tr>
          <tr>
            <th scope="row">Skipped (already on every node)</th>
            <td data-testid="bulk-skipped">{counts.skipped}</td>
          </tr>
          <tr>
            <th scope="row">Failed</th>
            <td data-testid="bulk-failed">{counts.failed}</td>
          </tr>
          <tr>
            <th scope="row">Of</th>
            <td data-testid="bulk-total">{counts.total}</td>
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
