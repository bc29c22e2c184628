// One vocabulary for what went wrong in a session, used by the console and the CLI: a
// session failure reason (a general sentence, a short label, or the detailed text with
// the node it names and its whitelist), and a run on a site that did not end done on
// every node. A failed call to one node is worded in node-error-words.ts. Context is optional: the sentences get more precise the more the caller
// knows. Pure; no React.
import type { SessionFailure } from '../protocol/domain.ts';
import type { SessionView } from '../protocol/session.ts';
import type { z } from 'zod';
import type { NodeTarget } from './node-client.ts';
import { nodeErrorSentence } from './node-error-words.ts';
import type { NodeRun, SiteRun } from './run-session.ts';
import { nodeName } from './site.ts';

export type FailureReason = z.infer<typeof SessionFailure>;
export type Failure = NonNullable<SessionView['failure']>;

// ── A session failure reason ─────────────────────────────────────────────────────────

/** One general sentence per SessionFailure reason (src/protocol/domain.ts). */
export const FAILURE_SENTENCES: Record<FailureReason, string> = {
  mismatch: 'The nodes joined with different parameters, so they refused to go on.',
  'not-whitelisted': 'A node refused to wrap its share: the wrapping key is not on its export whitelist.',
  'export-disabled': 'A node refused to export: export is disabled on it (EnableExport = false).',
  timeout: 'Not every node answered before the deadline: a node never joined, or stopped answering.',
  'peer-unreachable': 'A node could not reach one of its peers.',
  'verification-failed': 'The public shares did not check out against the public key, so nothing was stored.',
  'key-exists': 'The key ID is already in use on a node (or reserved by another session).',
  'key-not-found': 'A node does not hold the key to export.',
  'unwrap-failed': 'A node could not unwrap its share with its wrapping key.',
  'invalid-parameters': 'The parameters were refused as invalid.',
  internal: 'A node failed with an internal error.',
};

/** The general sentence for a reason; an unknown one (a newer node) still reads as a failure. */
export function reasonSentence(reason: string): string {
  return (FAILURE_SENTENCES as Record<string, string>)[reason] ?? `The session failed (${reason}).`;
}

const REASON_SHORT: Partial<Record<FailureReason, string>> = {
  'not-whitelisted': 'not whitelisted',
  'export-disabled': 'export disabled',
  'key-not-found': 'key not found',
  'peer-unreachable': 'peer unreachable',
  'verification-failed': 'verification failed',
  'invalid-parameters': 'invalid parameters',
};

/** A reason as a short label: "not whitelisted". */
export function reasonLabel(reason: string): string {
  return (REASON_SHORT as Record<string, string>)[reason] ?? reason;
}

/** The detailed text of one failure: the reason in words, the node it names, and the node's own message. */
export function failureText(f: Failure): string {
  const at = f.node === undefined ? '' : ` node ${f.node}`;
  switch (f.reason) {
    case 'not-whitelisted':
      return `not whitelisted —${at || ' a node'} refused to wrap its share: the wrapping key for it is not on its export whitelist (${f.message}).`;
    case 'export-disabled':
      return `export disabled —${at || ' a node'} has EnableExport off (${f.message}).`;
    case 'mismatch':
      return `the nodes joined with different parameters${f.field ? ` (field ${f.field})` : ''}: ${f.message}.`;
    case 'timeout':
      return `timed out: ${f.message}.`;
    case 'key-not-found':
      return `key not found —${at || ' a node'} does not hold this key (${f.message}).`;
    case 'peer-unreachable':
      return `a node could not reach its peers: ${f.message}.`;
    case 'verification-failed':
      return `verification failed: the nodes' shares do not add up to the key's public key (${f.message}).`;
    case 'invalid-parameters':
      return `invalid parameters${at ? ` at${at}` : ''}: ${f.message}.`;
    default:
      return `${f.reason}: ${f.message}.`;
  }
}

// ── A run on a site ──────────────────────────────────────────────────────────────────

/** "node 2" / "nodes 1, 3" */
export function nodesText(indices: readonly number[]): string {
  return `${indices.length === 1 ? 'node' : 'nodes'} ${indices.join(', ')}`;
}

function short(value: unknown, max = 48): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Why one node of a run is not done, as a sentence naming it (for a terminal). */
export function nodeRunSentence(n: NodeRun, node: Readonly<NodeTarget>): string {
  if (n.cause !== undefined && n.cause.status === 404 && n.error !== undefined) return `${nodeName(node)} ${n.error}`;
  if (n.cause !== undefined) return nodeErrorSentence(n.cause, node);
  return n.error ?? `node ${n.index} is still ${n.view?.state ?? 'unknown'}`;
}

/** The first failure the nodes report, preferring the originator's own account (a relayed abort carries the same attribution). */
export function leadingFailure(run: SiteRun): { at: number; failure: Failure } | undefined {
  const failures = run.nodes.filter((n) => n.view?.state === 'failed' && n.view.failure).map((n) => ({ at: n.index, failure: n.view!.failure! }));
  return failures.find((x) => x.failure.node === x.at) ?? failures.find((x) => x.failure.node !== undefined) ?? failures[0];
}

/**
 * The one sentence for a run that did not end done on every node, naming the session,
 * the site, the reason and the node it names; a mismatch names the field and each side.
 * `nodes` are the site's nodes (to name them with their URLs).
 */
export function runFailureSentence(run: SiteRun, site: { name: string; nodes: ReadonlyArray<NodeTarget & { index: number }> }): string {
  const id = `session ${run.sessionId}`;
  const nodeOf = (i: number) => site.nodes.find((x) => x.index === i) ?? { index: i, url: '?', token: '' };
  if (run.joinFailed) {
    const refused = run.nodes.filter((n) => n.phase === 'refused');
    const joined = run.nodes.filter((n) => n.phase !== 'refused').map((n) => n.index);
    const rest = joined.length === 0 ? 'no node joined' : `${nodesText(joined)} joined and will give up at the join timeout without acting`;
    const conflict = refused.some((n) => n.cause?.code === 'session-conflict') ? '; the session ID is taken: run again with a new --session-id (or none)' : '';
    return `${id} could not start on site ${site.name}: ${refused.map((n) => nodeRunSentence(n, nodeOf(n.index))).join('; ')}; ${rest}${conflict}`;
  }
  const lead = leadingFailure(run);
  if (lead !== undefined) {
    const f = lead.failure;
    let text = `${id} failed on site ${site.name} (${f.reason}${f.node !== undefined ? `, node ${f.node}` : ''}): ${f.message}`;
    if (f.reason === 'mismatch' && f.field) {
      const sides = (f.sides ?? []).map((s) => `${nodesText(s.nodes)} ${short(s.value)}`).join(' vs ');
      text += ` — field ${f.field}${sides ? `: ${sides}` : ''}`;
    }
    const others = [
      ...new Set(run.nodes.filter((n) => n.view?.state === 'failed' && n.view.failure && n.view.failure.reason !== f.reason).map((n) => `node ${n.index}: ${n.view!.failure!.reason}`)),
    ];
    if (others.length > 0) text += ` (also ${others.join(', ')})`;
    const done = run.nodes.filter((n) => n.view?.state === 'done').map((n) => n.index);
    if (done.length > 0) text += `; ${nodesText(done)} reported done`;
    return text;
  }
  const unfinished = run.nodes.filter((n) => n.view?.state !== 'done' && n.view?.state !== 'failed');
  const why = unfinished.map((n) => nodeRunSentence(n, nodeOf(n.index))).join('; ');
  const lost = run.nodes.filter((n) => n.phase === 'lost');
  if (run.finished && !run.timedOut && lost.length > 0) {
    return `${id} cannot finish on site ${site.name}: ${lost.map((n) => nodeRunSentence(n, nodeOf(n.index))).join('; ')}; the other nodes fail it at their deadline`;
  }
  return `${id} did not finish within ${run.waitedSeconds} s on site ${site.name}: ${why}`;
}

/** The console's callout for a failed run of `kind` ("The export failed: …"); undefined unless it failed. */
export function runFailureText(run: SiteRun, kind: string): string | undefined {
  if (run.outcome !== 'failed') return undefined;
  const failed = run.nodes.find((n) => n.view?.state === 'failed' && n.view.failure);
  if (failed) return `The ${kind} failed: ${failureText(failed.view!.failure!)}`;
  const refused = run.nodes.find((n) => n.phase === 'refused' || n.phase === 'lost');
  if (refused) {
    return `The ${kind} failed: node ${refused.index} ${refused.phase === 'refused' ? 'refused to join' : 'stopped answering'} (${refused.error ?? 'no reason given'}). The other nodes time out without acting.`;
  }
  return `The ${kind} failed.`;
}
