// The bulk report on the page: one row per key (failed first, each with its sentence). A
// long run shows its first rows; the downloaded report has every one.
import type { BulkKeyReport } from '../../../client/bulk-import.ts';

const SHOWN = 500;
const STATUS_TEXT: Record<BulkKeyReport['status'], string> = { done: 'Done', skipped: 'Skipped', failed: 'Failed' };

export function BulkReportTable({ report }: { report: readonly BulkKeyReport[] }) {
  if (report.length === 0) return <p className="muted">Nothing reported yet.</p>;
  const shown = report.slice(0, SHOWN);
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
      {report.length > SHOWN && (
        <p className="muted">
          The first {SHOWN} of {report.length} lines; the downloaded report has them all.
        </p>
      )}
    </>
  );
}
