// The migrate report on the page: every failed key and conflict with its sentence first,
// then the first of the moved, copied and skipped keys, then the keys the run did not reach.
// The downloaded report has every key the run reported.
import type { MigrateKeyResult, MigrateStatus } from '../../../client/migrate.ts';
import { orderedResults, resultWhy, STATUS_TEXT } from './migrate-summary.ts';

/** Moved, copied and skipped lines shown below the failures; a long run's rest is in the download. */
const OTHERS_SHOWN = 100;

const BADGE: Record<MigrateStatus, string> = {
  failed: 'badge badge-error',
  conflict: 'badge badge-error',
  moved: 'badge badge-ok',
  copied: 'badge badge-ok',
  skipped: 'badge badge-muted',
};

export function MigrateReportTable({
  results,
  notReached,
  from,
  to,
}: {
  results: readonly MigrateKeyResult[];
  notReached: readonly string[];
  from: string;
  to: string;
}) {
  if (results.length === 0 && notReached.length === 0) return <p className="muted">Nothing reported yet.</p>;
  const ordered = orderedResults(results);
  const bad = ordered.filter((r) => r.status === 'failed' || r.status === 'conflict');
  const others = ordered.filter((r) => r.status !== 'failed' && r.status !== 'conflict');
  const shown = [...bad, ...others.slice(0, OTHERS_SHOWN)];
  return (
    <>
      <div className="table-scroll">
        <table className="node-table" aria-label="Migrate report">
          <thead>
            <tr>
              <th scope="col">Key ID</th>
              <th scope="col">Result</th>
              <th scope="col">Where</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.keyId} data-status={r.status}>
                <th scope="row" className="mono" style={{ whiteSpace: 'nowrap' }}>
                  {r.keyId}
                </th>
                <td>
                  <span className={BADGE[r.status]}>{STATUS_TEXT[r.status]}</span>
                </td>
                <td>{r.site === undefined ? '—' : `${r.site}${r.node === undefined ? '' : ` node ${r.node}`}`}</td>
                <td>{resultWhy(r, from, to)}</td>
              </tr>
            ))}
            {notReached.slice(0, OTHERS_SHOWN).map((keyId) => (
              <tr key={keyId} data-status="not-reached">
                <th scope="row" className="mono" style={{ whiteSpace: 'nowrap' }}>
                  {keyId}
                </th>
                <td>
                  <span className="badge badge-muted">Not reached</span>
                </td>
                <td>—</td>
                <td>the run stopped before this key; running it again takes it</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others.length > OTHERS_SHOWN && (
        <p className="muted" data-testid="migrate-report-more">
          Shown: every failed key and conflict and the first {OTHERS_SHOWN} of {others.length} moved, copied or skipped. The downloaded report has every key the
          run reported.
        </p>
      )}
      {notReached.length > OTHERS_SHOWN && (
        <p className="muted">
          Shown: the first {OTHERS_SHOWN} of {notReached.length} keys not reached.
        </p>
      )}
    </>
  );
}
