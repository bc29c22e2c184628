// A session state as a badge: done green, failed red, the rest plain.
import type { SessionState } from '../../../protocol/domain.ts';

export function StateBadge({ state, label }: { state: SessionState | undefined; label?: string }) {
  if (state === undefined) return <span className="muted" title={label} aria-label={label}>—</span>;
  const tone = state === 'done' ? 'badge badge-ok' : state === 'failed' ? 'badge badge-error' : `badge badge-state`;
  return (
    <span className={tone} data-state={state} title={label}>
      {state}
    </span>
  );
}
