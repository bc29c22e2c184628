// Runs one session on every node of a site from the SDK side (DESIGN.md "Session"), for
// the console's wizards, the CLI and the benches alike: join each node with the same
// session ID (each with its own request — an import gives every node its own wrapped
// share), then follow every node's view of the session until each is done or failed.
// The join policy is an option: how often a join that got no answer is sent again (a join
// is idempotent on the node: same ID + same parameters), how long a node may go unread
// before it counts as lost, whether to keep following once a node refused, and a deadline
// past the nodes' own. No React, no Node-only API; the caller renders the progress.
import { DEFAULT_JOIN_TIMEOUT_MS, runTimeoutMs, type JoinSession, type SessionView } from '../protocol/session.ts';
import { failureReason } from './node-error-words.ts';
import { NodeError, type NodeTarget } from './node-client.ts';
import type { SessionsApi } from './sessions.ts';

export interface NodeRun {
  index: number;
  /** joining → joined (view set) → view.state …; refused: the join was refused; lost: the node stopped answering. */
  phase: 'joining' | 'joined' | 'refused' | 'lost';
  view?: SessionView;
  /** Why the join was refused or the node was lost (or, while it is still followed, the last read failed), in words. */
  error?: string;
  /** The error behind `error`, for callers that word it their own way (the CLI names node and URL). */
  cause?: NodeError;
}

export interface SiteRun {
  sessionId: string;
  nodes: NodeRun[];
  /** Every node is done, failed, refused or lost — or the run stopped following (deadline, a refused join). */
  finished: boolean;
  /** done: every node done; failed otherwise (once finished). */
  outcome?: 'done' | 'failed';
  /** Some node refused the join (or never answered it): the session cannot agree; the rest give up at the join deadline. */
  joinFailed: boolean;
  /** The run's deadline passed with some node not done or failed. */
  timedOut: boolean;
  /** Since the first join, in seconds (one decimal). */
  waitedSeconds: number;
}

export interface RunPolicy {
  signal?: AbortSignal;
  /** How often each unfinished node is asked for its view (default 300 ms). */
  pollMs?: number;
  /**
   * Ask each node to hold its answer until the session changes, up to this long (a long
   * poll: GET /v1/sessions/{id}?since=…&waitMs=…), instead of asking every `pollMs`. Must
   * stay below the client's request timeout. `pollMs` then only spaces reads that brought
   * nothing new at once (a node that does not wait, or one that cannot be reached).
   */
  waitMs?: number;
  /** Consecutive failed reads after which a node counts as lost (default 20). */
  maxMisses?: number;
  /** Joins sent to a node that gives no answer before it counts as refused (default 3), `joinRetryMs` apart (default 500). */
  joinAttempts?: number;
  joinRetryMs?: number;
  /** Stop following once a node refused the join, instead of watching the others time out (default false). */
  stopOnRefusal?: boolean;
  /** Stop following once a node is lost: a session needs every node, so it cannot end done (default false: watch the others fail at their deadline). */
  stopOnLoss?: boolean;
  /**
   * Stop following this long after the first join (default: the nodes' own deadline —
   * the request's join timeout plus the run timeout — plus 5 s).
   */
  deadlineMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface RunSessionInput extends RunPolicy {
  nodes: ReadonlyArray<NodeTarget & { index: number }>;
  /** Each node's join request; every one carries the same session ID and kind. */
  requestFor: (index: number) => JoinSession;
  api: Pick<SessionsApi, 'join' | 'get'>;
  onProgress?: (run: SiteRun) => void;
}

/** Slack past the nodes' own deadline before the client stops waiting for a verdict. */
const DEADLINE_MARGIN_MS = 5000;

/**
 * A node's part in the run while it has no session view of its own to describe — joining,
 * refused, lost, or joined before its first view — in words; undefined once it has a view
 * (the kind of session decides how its states read).
 */
export function nodePhaseText(n: NodeRun): string | undefined {
  if (n.phase === 'joining') return 'Joining…';
  if (n.phase === 'refused') return `Refused to join: ${n.error ?? 'no reason given'}`;
  if (n.phase === 'lost') return `Stopped answering: ${n.error ?? 'no reason given'}`;
  if (n.view === undefined) return 'Joined';
  return undefined;
}

export const isSettled = (n: NodeRun): boolean => n.phase === 'refused' || n.phase === 'lost' || n.view?.state === 'done' || n.view?.state === 'failed';

export async function runSession(input: RunSessionInput): Promise<SiteRun> {
  const { nodes, requestFor, api, onProgress, signal } = input;
  const { pollMs = 300, waitMs = 0, maxMisses = 20, joinAttempts = 3, joinRetryMs = 500, stopOnRefusal = false, stopOnLoss = false } = input;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = input.now ?? Date.now;
  const requests = nodes.map((n) => requestFor(n.index));
  const sessionId = requests[0]?.sessionId ?? '';
  // One session: a request built inside requestFor (a fresh ID per node) would leave every
  // node waiting for peers that joined another session until the join timeout.
  const stray = requests.findIndex((r) => r.sessionId !== sessionId || r.kind !== requests[0]!.kind);
  if (stray > 0) {
    throw new TypeError(`runSession: node ${nodes[stray]!.index}'s request is for ${requests[stray]!.kind} session ${requests[stray]!.sessionId}, node ${nodes[0]!.index}'s for ${requests[0]!.kind} session ${sessionId}; build the session ID once, outside requestFor`);
  }
  const deadlineMs = input.deadlineMs ?? (requests[0]?.timeoutMs ?? DEFAULT_JOIN_TIMEOUT_MS) + runTimeoutMs(batchSize(requests[0])) + DEADLINE_MARGIN_MS;
  const started = now();
  const state: NodeRun[] = nodes.map((n) => ({ index: n.index, phase: 'joining' }));
  const misses = nodes.map(() => 0);
  let stopped: 'deadline' | 'refusal' | 'loss' | undefined;

  const summarise = (): SiteRun => {
    const settled = state.every(isSettled);
    const run: SiteRun = {
      sessionId,
      nodes: state.map((n) => ({ ...n })),
      finished: settled || stopped !== undefined,
      joinFailed: state.some((n) => n.phase === 'refused'),
      timedOut: stopped === 'deadline' && !settled,
      waitedSeconds: Math.round((now() - started) / 100) / 10,
    };
    if (run.finished) run.outcome = state.every((n) => n.view?.state === 'done') ? 'done' : 'failed';
    return run;
  };
  const publish = () => onProgress?.(summarise());
  publish();

  // Join every node at once: the join deadline runs from the first node's join.
  await Promise.all(
    nodes.map(async (node, i) => {
      for (let attempt = 1; ; attempt++) {
        try {
          state[i] = { index: node.index, phase: 'joined', view: await api.join(node, requests[i]!, signal) };
          break;
        } catch (error) {
          const worthRetry = error instanceof NodeError && error.unreachable && attempt < joinAttempts && !signal?.aborted;
          if (!worthRetry) {
            state[i] = { index: node.index, phase: 'refused', ...worded(error) };
            break;
          }
          await sleep(joinRetryMs);
        }
      }
      publish();
    }),
  );
  if (stopOnRefusal && state.some((n) => n.phase === 'refused')) stopped = 'refusal';

  while (stopped === undefined && !state.every(isSettled) && !signal?.aborted) {
    if (now() - started >= deadlineMs) {
      stopped = 'deadline';
      break;
    }
    if (!waitMs) await sleep(pollMs);
    const asked = now();
    let news = false;
    await Promise.all(
      nodes.map(async (node, i) => {
        const current = state[i]!;
        if (isSettled(current)) return;
        try {
          const { error: _e, cause: _c, ...rest } = current;
          const held = current.view;
          const wait = waitMs && held ? { since: held.updatedAt, waitMs: Math.min(waitMs, Math.max(0, deadlineMs - (now() - started))) } : undefined;
          const view = await api.get(node, sessionId, signal, wait);
          if (!held || view.updatedAt !== held.updatedAt || view.state !== held.state || view.joined.length !== held.joined.length) news = true;
          state[i] = { ...rest, view };
          misses[i] = 0;
        } catch (error) {
          // 404: the node restarted and lost the session (sessions live in memory) — final.
          const gone = error instanceof NodeError && error.status === 404;
          misses[i]! += 1;
          const lost = gone || misses[i]! >= maxMisses;
          state[i] = { ...current, ...(lost ? { phase: 'lost' as const } : {}), ...(gone ? forgotten(error, sessionId) : worded(error)) };
        }
      }),
    );
    if (stopOnLoss && state.some((n) => n.phase === 'lost')) stopped = 'loss';
    publish();
    // Long polls that came back at once with nothing new (a node that does not wait, or none answering): do not spin.
    if (waitMs && !news && now() - asked < pollMs && stopped === undefined) await sleep(pollMs);
  }
  const run = summarise();
  // A run that stopped following (deadline, a refused join, a lost node) is finished now, not before.
  if (stopped !== undefined) onProgress?.(run);
  return run;
}

/** How many keys a request carries (a batch session's list; 1 otherwise): the nodes' run timeout scales with it. */
function batchSize(request: JoinSession | undefined): number {
  const p = request?.parameters;
  if (p && 'keys' in p) return p.keys.length;
  if (p && 'keyIds' in p) return p.keyIds.length;
  return 1;
}

function worded(error: unknown): Pick<NodeRun, 'error' | 'cause'> {
  return error instanceof NodeError ? { error: failureReason(error), cause: error } : { error: failureReason(error) };
}

function forgotten(error: NodeError, sessionId: string): Pick<NodeRun, 'error' | 'cause'> {
  return { error: `no longer knows session ${sessionId} (restarted? sessions live in memory; nothing was stored by it)`, cause: error };
}
