// Runs one session on every node of a site, as the import and export wizards need it:
// join each node with the same session ID (each with its own request — an import gives
// every node its own wrapped share), then follow every node's view of the session until
// each is done or failed. No React; the caller renders the updates.
import type { NodeTarget } from './node-client.ts';
import type { JoinSession, SessionsApi, SessionView } from './sessions.ts';
import { failureReason } from '../console/features/dashboard/node-status.ts';

export interface NodeRun {
  index: number;
  /** joining → joined (view set) → view.state …; refused: the join was refused; lost: the node stopped answering. */
  phase: 'joining' | 'joined' | 'refused' | 'lost';
  view?: SessionView;
  /** Why the join was refused or the node was lost, in words. */
  error?: string;
}

export interface SiteRun {
  sessionId: string;
  nodes: NodeRun[];
  /** Every node is done, failed, refused or lost. */
  finished: boolean;
  /** done: every node done; failed otherwise (once finished). */
  outcome?: 'done' | 'failed';
}

export interface RunOptions {
  signal?: AbortSignal;
  /** How often each unfinished node is asked for its view (default 300 ms). */
  pollMs?: number;
  /** Consecutive failed reads after which a node counts as lost (default 20). */
  maxMisses?: number;
  sleep?: (ms: number) => Promise<void>;
}

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

const isTerminal = (n: NodeRun) => n.phase === 'refused' || n.phase === 'lost' || n.view?.state === 'done' || n.view?.state === 'failed';

function summarise(sessionId: string, nodes: NodeRun[]): SiteRun {
  const finished = nodes.every(isTerminal);
  const run: SiteRun = { sessionId, nodes: nodes.map((n) => ({ ...n })), finished };
  if (finished) run.outcome = nodes.every((n) => n.view?.state === 'done') ? 'done' : 'failed';
  return run;
}

export async function runOnSite(
  nodes: ReadonlyArray<NodeTarget & { index: number }>,
  sessionId: string,
  requestFor: (index: number) => JoinSession,
  api: SessionsApi,
  onUpdate: (run: SiteRun) => void,
  options: RunOptions = {},
): Promise<SiteRun> {
  const { signal, pollMs = 300, maxMisses = 20, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) } = options;
  const state: NodeRun[] = nodes.map((n) => ({ index: n.index, phase: 'joining' }));
  const misses = new Map<number, number>();
  const publish = () => onUpdate(summarise(sessionId, state));
  publish();

  // Join every node at once: the join deadline runs from the first node's join.
  await Promise.all(
    nodes.map(async (node, i) => {
      try {
        state[i] = { index: node.index, phase: 'joined', view: await api.join(node, requestFor(node.index), signal) };
      } catch (error) {
        state[i] = { index: node.index, phase: 'refused', error: failureReason(error) };
      }
      publish();
    }),
  );

  while (!state.every(isTerminal)) {
    if (signal?.aborted) break;
    await sleep(pollMs);
    await Promise.all(
      nodes.map(async (node, i) => {
        if (isTerminal(state[i]!)) return;
        try {
          state[i] = { ...state[i]!, view: await api.get(node, sessionId, signal) };
          misses.set(node.index, 0);
        } catch (error) {
          const count = (misses.get(node.index) ?? 0) + 1;
          misses.set(node.index, count);
          if (count >= maxMisses) state[i] = { ...state[i]!, phase: 'lost', error: failureReason(error) };
        }
      }),
    );
    publish();
  }
  return summarise(sessionId, state);
}
