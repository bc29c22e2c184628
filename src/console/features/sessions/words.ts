// The cockpit's words: the time left before a deadline, a session's age, and a node's
// state in its column. Failure reasons are worded in src/client/failure-words.ts.
import type { SessionState } from '../../../protocol/domain.ts';
import type { NodeCell } from './merge.ts';

/** "1 min 05 s left", "12 s left", "deadline passed" — whole seconds, rounded up. */
export function timeLeftText(deadline: string, now: number): string {
  const ms = Date.parse(deadline) - now;
  if (!Number.isFinite(ms)) return 'deadline unknown';
  if (ms <= 0) return 'deadline passed';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s left`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(s % 60).padStart(2, '0')} s left`;
}

/** How long ago: "just now", "12 s ago", "3 min ago", "2 h ago", "4 d ago". */
export function ageText(createdAt: string, now: number): string {
  const s = Math.floor((now - Date.parse(createdAt)) / 1000);
  if (!Number.isFinite(s)) return '—';
  if (s < 1) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** A node's column: its state, or "—" when it has not joined / cannot be read. */
export function cellText(cell: NodeCell): string {
  return cell.kind === 'view' ? cell.view.state : '—';
}

/** What the "—" means, for the title and screen readers. */
export function cellDescription(cell: NodeCell): string {
  if (cell.kind === 'view') {
    const stale = cell.stale ? `, last known — not reachable now: ${cell.stale.reason}` : '';
    return `node ${cell.index}: ${cell.view.state}${cell.view.failure ? ` (${cell.view.failure.reason})` : ''}${stale}`;
  }
  if (cell.kind === 'absent') return `node ${cell.index}: has not joined`;
  return `node ${cell.index}: not known${cell.reason ? ` (${cell.reason})` : ''}`;
}

export interface ShownState {
  state: SessionState | undefined;
  /** Short reason beside the badge: the node's failure reason, or why a failure is inferred. */
  reason?: string;
}

/**
 * What a node's column shows. A node's own report wins — except in a session that has
 * failed, where a node that cannot report (not reachable, or restarted and forgot the
 * session) is shown failed too, with why: it will never finish, and the operator should
 * not read its last "waiting" as hope.
 */
export function shownState(cell: NodeCell, overall: SessionState): ShownState {
  const own = cell.kind === 'view' ? cell.view : undefined;
  if (own !== undefined && (cell.kind !== 'view' || cell.stale === undefined || own.state === 'failed' || own.state === 'done')) {
    return own.failure ? { state: own.state, reason: own.failure.reason } : { state: own.state };
  }
  if (overall === 'failed') {
    if (cell.kind === 'view') return { state: 'failed', reason: `not reachable: ${cell.stale!.reason}` };
    if (cell.kind === 'unknown') return { state: 'failed', reason: `not reachable${cell.reason ? `: ${cell.reason}` : ''}` };
    return { state: 'failed', reason: 'does not know the session (restarted, or never joined)' };
  }
  if (cell.kind === 'view') return { state: cell.view.state, reason: 'last known; not reachable' };
  if (cell.kind === 'unknown') return cell.reason ? { state: undefined, reason: 'not reachable' } : { state: undefined };
  return { state: undefined };
}
