// Joining an existing session on the nodes of its site that have not joined yet (the
// "with session ID" flow): which nodes are missing, and the request each of them gets —
// the parameters exactly as the joined nodes report them, which must agree. Import
// cannot be joined from here: each node's own wrapped share is not in the views.
import type { JoinSession, SessionView } from '../../../client/sessions.ts';
import { canonicalJson } from './parameter-diff.ts';
import type { MergedSession } from './merge.ts';

export type JoinPlan =
  | { kind: 'none'; why: string }
  | { kind: 'refused'; why: string; missing: number[] }
  | { kind: 'ready'; missing: number[]; parameters: Record<string, unknown>; joinedBy: number[]; request: JoinSession };

const MIN_TIMEOUT_MS = 1000;
const MAX_TIMEOUT_MS = 600_000;

export function joinPlan(session: MergedSession, now: number): JoinPlan {
  const views: SessionView[] = session.cells.flatMap((c) => (c.kind === 'view' ? [c.view] : []));
  const missing = session.cells.filter((c) => c.kind === 'absent').map((c) => c.index);
  if (session.state !== 'waiting') return { kind: 'none', why: `the session is ${session.state}` };
  if (missing.length === 0) return { kind: 'none', why: 'every node that can be read has joined' };
  if (session.kind === 'import') {
    return {
      kind: 'refused',
      missing,
      why: 'An import cannot be joined from here: each node joins with its own wrapped share, which the nodes do not report. Join it from the import wizard with the bundle.',
    };
  }
  const distinct = new Set(views.map((v) => canonicalJson(v.parameters)));
  if (distinct.size !== 1) return { kind: 'refused', missing, why: 'The nodes that joined report different parameters; joining more nodes cannot make them agree.' };
  const parameters = views[0]!.parameters;
  // Wait for the others no longer than the joined nodes still do.
  const deadline = Math.min(...views.map((v) => Date.parse(v.joinDeadline)));
  const timeoutMs = Math.max(MIN_TIMEOUT_MS, Math.min(MAX_TIMEOUT_MS, Number.isFinite(deadline) ? deadline - now : 10_000));
  const request = { sessionId: session.sessionId, kind: session.kind, parameters, timeoutMs } as JoinSession;
  return { kind: 'ready', missing, parameters, joinedBy: views.map((v) => v.node).sort((a, b) => a - b), request };
}
