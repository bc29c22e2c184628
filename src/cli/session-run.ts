// Running one session from the SDK side (DESIGN.md "Session"): join every node of the
// site concurrently with the same session ID, kind and parameters, then poll each node
// until it is done or failed, or the CLI's deadline passes; and the sentences that report
// the outcome. A join is idempotent on the node (same ID + same parameters), so a join
// that got no answer is simply sent again.
import type { JoinSession, SessionView } from '../protocol/session.ts';
import { getSession, joinSession, nodeName, SiteCallError, type Site, type SiteNode } from './site-client.ts';

/** The node's defaults (src/node/sessions/manager.ts): join timeout, then time for the rounds. */
export const DEFAULT_JOIN_TIMEOUT_S = 10;
export const RUN_TIMEOUT_S = 30;
/** Slack past the nodes' own deadline before the CLI stops waiting for a verdict. */
const DEADLINE_MARGIN_S = 5;
const POLL_INTERVAL_MS = 200;
const JOIN_ATTEMPTS = 3;
const JOIN_RETRY_MS = 500;

export interface NodeOutcome {
  node: SiteNode;
  /** The node's latest view of the session (absent when it never joined). */
  view?: SessionView;
  /** Why the CLI could not join or (finally) read this node. */
  error?: SiteCallError;
  joined: boolean;
}

export interface SessionOutcome {
  sessionId: string;
  kind: JoinSession['kind'];
  site: Site;
  nodes: NodeOutcome[];
  /** Every node joined and reached `done`. */
  ok: boolean;
  /** Some node could not be joined, so the session cannot agree; the rest will time out. */
  joinFailed: boolean;
  /** The CLI gave up waiting with some node not terminal. */
  timedOut: boolean;
  waitedSeconds: number;
}

const terminal = (v: SessionView | undefined) => v?.state === 'done' || v?.state === 'failed';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function joinWithRetry(node: SiteNode, request: JoinSession): Promise<NodeOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { node, view: await joinSession(node, request), joined: true };
    } catch (e) {
      if (!(e instanceof SiteCallError)) throw e;
      if (!e.unreachable || attempt >= JOIN_ATTEMPTS) return { node, error: e, joined: false };
      await sleep(JOIN_RETRY_MS);
    }
  }
}

/**
 * Join every node (each gets `requestFor(node)`; only import differs per node) and wait.
 * `joinTimeoutS`: sent as timeoutMs when given; the CLI waits join + run + margin.
 */
export async function runSession(site: Site, requestFor: (node: SiteNode) => JoinSession, joinTimeoutS?: number): Promise<SessionOutcome> {
  const started = Date.now();
  const first = requestFor(site.nodes[0]!);
  const nodes = await Promise.all(site.nodes.map((node) => joinWithRetry(node, requestFor(node))));
  const outcome: SessionOutcome = {
    sessionId: first.sessionId,
    kind: first.kind,
    site,
    nodes,
    ok: false,
    joinFailed: nodes.some((n) => !n.joined),
    timedOut: false,
    waitedSeconds: 0,
  };
  if (!outcome.joinFailed) {
    const deadline = started + ((joinTimeoutS ?? DEFAULT_JOIN_TIMEOUT_S) + RUN_TIMEOUT_S + DEADLINE_MARGIN_S) * 1000;
    const pending = () => nodes.filter((n) => !terminal(n.view) && !(n.error && !n.error.unreachable));
    while (pending().length > 0 && Date.now() < deadline) {
      await sleep(POLL_INTERVAL_MS);
      await Promise.all(
        pending().map(async (n) => {
          try {
            n.view = await getSession(n.node, outcome.sessionId);
            delete n.error;
          } catch (e) {
            if (!(e instanceof SiteCallError)) throw e;
            // Unreachable: keep the last view and try again. Anything else is final:
            // 404 means the node restarted and lost the session (sessions live in memory).
            n.error =
              e.status === 404
                ? new SiteCallError(`${nodeName(n.node)} no longer knows session ${outcome.sessionId} (restarted? sessions live in memory; nothing was stored by it)`, n.node, 404, e.code)
                : e;
          }
        }),
      );
    }
    outcome.timedOut = nodes.some((n) => !terminal(n.view));
    outcome.ok = nodes.every((n) => n.view?.state === 'done');
  }
  outcome.waitedSeconds = Math.round((Date.now() - started) / 100) / 10;
  return outcome;
}

/** "node 2" / "nodes 1, 3" */
function nodes(indices: number[]): string {
  return `${indices.length === 1 ? 'node' : 'nodes'} ${indices.join(', ')}`;
}

function short(value: unknown, max = 48): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One line per node: its final state, and the failure or call problem. */
export function nodeLines(outcome: SessionOutcome): string[] {
  return outcome.nodes.map((n) => {
    const head = `  node ${n.node.index}  `;
    if (!n.joined) return `${head}not joined  ${n.error!.message}`;
    const v = n.view!;
    if (v.state === 'failed' && v.failure) {
      const f = v.failure;
      return `${head}failed  ${f.reason}${f.field ? ` (${f.field})` : ''}: ${f.message}`;
    }
    if (v.state === 'done') return `${head}done${v.result?.alreadyPresent ? '  (key already present, nothing stored again)' : ''}`;
    if (outcome.joinFailed) return `${head}${v.state} (joined; gives up at ${v.joinDeadline} without acting)`;
    return `${head}${v.state} (not finished)${n.error ? `  last poll: ${n.error.message}` : ''}`;
  });
}

/** The one sentence for stderr when the session did not succeed on every node. */
export function failureSentence(outcome: SessionOutcome): string {
  const id = `session ${outcome.sessionId}`;
  const joined = outcome.nodes.filter((n) => n.joined).map((n) => n.node.index);
  if (outcome.joinFailed) {
    const problems = outcome.nodes.filter((n) => !n.joined).map((n) => n.error!.message);
    const rest = joined.length === 0
      ? 'no node joined'
      : `${nodes(joined)} joined and will give up at the join timeout without acting`;
    const conflict = outcome.nodes.some((n) => n.error?.code === 'session-conflict') ? '; the session ID is taken: run again with a new --session-id (or none)' : '';
    return `${id} could not start on site ${outcome.site.site}: ${problems.join('; ')}; ${rest}${conflict}`;
  }
  const failures = outcome.nodes.filter((n) => n.view?.state === 'failed' && n.view.failure).map((n) => ({ at: n.node.index, f: n.view!.failure! }));
  if (failures.length > 0) {
    // Prefer the originator's own account (a relayed abort carries the same attribution).
    const main = failures.find((x) => x.f.node === x.at) ?? failures.find((x) => x.f.node !== undefined) ?? failures[0]!;
    const f = main.f;
    let text = `${id} failed on site ${outcome.site.site} (${f.reason}${f.node !== undefined ? `, node ${f.node}` : ''}): ${f.message}`;
    if (f.reason === 'mismatch' && f.field) {
      const sides = (f.sides ?? []).map((s) => `${nodes(s.nodes)} ${short(s.value)}`).join(' vs ');
      text += ` — field ${f.field}${sides ? `: ${sides}` : ''}`;
    }
    const others = [...new Set(failures.filter((x) => x.f.reason !== f.reason).map((x) => `node ${x.at}: ${x.f.reason}`))];
    if (others.length > 0) text += ` (also ${others.join(', ')})`;
    const done = outcome.nodes.filter((n) => n.view?.state === 'done').map((n) => n.node.index);
    if (done.length > 0) text += `; ${nodes(done)} reported done`;
    return text;
  }
  const unfinished = outcome.nodes.filter((n) => !terminal(n.view));
  const why = unfinished
    .map((n) => (n.error ? n.error.message : `node ${n.node.index} is still ${n.view?.state ?? 'unknown'}`))
    .join('; ');
  return `${id} did not finish within ${outcome.waitedSeconds} s on site ${outcome.site.site}: ${why}`;
}
