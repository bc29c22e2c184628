// The bulk report on the page: every failed key with its sentence first, then the first of
// the skipped and done keys. The downloaded report has every line.
import type { BulkKeyReport } from '../../../client/bulk-import.ts';

/** Skipped and done lines shown below the failures; a long run's rest is in the download. */
const OTHERS_SHOWN = 100;
const STATUS_TEXT: Record<BulkKeyReport['status'], string> = { done: 'Done', skipped: 'Skipped', failed: 'Failed' };

export function BulkReportTable({ report }: { report: readonly BulkKeyReport[] }) {
  if (report.length === 0) return <p className="muted">Nothing reported yet.</p>;
  const failed = report.filter((r) => r.status === 'failed');
  const others = report.filter((r) => r.status !== 'failed');
  const shown = [...failed, ...others.slice(0, OTHERS_SHOWN)];
  return (
    <>
      <div className="table-scroll">
        <table className="node-table" aria-label="Bulk import report">
          <thead>
            <tr>
              <th scope="col">Key ID</th>
              <th scope="col">From</th>
              <th scope="col">Result</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r, i) => (
              <tr key={`${r.source}-${i}`} data-status={r.status}>
                <td className="mono">{r.keyId || '—'}</td>
                <td className="mono">{r.source}</td>
                <td>
                  <span className={r.status === 'failed' ? 'badge badge-error' : r.status === 'done' ? 'badge badge-ok' : 'badge badge-muted'}>{STATUS_TEXT[r.status]}</span>
                </td>
                <td>{r.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others.length > OTHERS_SHOWN && (
        <p className="muted" data-testid="bulk-report-more">
          Shown: every failed key and the first {OTHERS_SHOWN} of {others.length} done or skipped. The downloaded report has every line.
        </p>
      )}
    </>
  );
}
