// A running export in words: each node's phase and state, the session's failure with the
// node it names, for the progress list and the failure callout. Pure; no React.
import type { SessionView } from '../../../client/sessions.ts';
import { nodePhaseText, type NodeRun, type SiteRun } from '../../../client/run-session.ts';

type Failure = NonNullable<SessionView['failure']>;

const STATE_WORDS: Record<SessionView['state'], string> = {
  waiting: 'Joined; waiting for the other nodes',
  agreed: 'All nodes joined with the same parameters; checking its whitelist',
  running: 'Re-randomizing and wrapping its share',
  done: 'Done: share wrapped',
  failed: 'Failed',
};

export function nodeRunText(n: NodeRun): string {
  const phase = nodePhaseText(n);
  if (phase !== undefined || n.view === undefined) return phase ?? 'Joined';
  if (n.view.state === 'failed' && n.view.failure) {
    // Short per node: every node reports the same cause, which the failure callout spells out.
    const f = n.view.failure;
    const who = f.node === undefined ? '' : f.node === n.index ? ', this node refused' : `, named node ${f.node}`;
    return `Failed (${REASON_SHORT[f.reason] ?? f.reason}${who})`;
  }
  return STATE_WORDS[n.view.state];
}

const REASON_SHORT: Partial<Record<Failure['reason'], string>> = {
  'not-whitelisted': 'not whitelisted',
  'export-disabled': 'export disabled',
  'key-not-found': 'key not found',
  'peer-unreachable': 'peer unreachable',
  'verification-failed': 'verification failed',
  'invalid-parameters': 'invalid parameters',
};

/** The failure sentence: reason in words, the node it names, and the node's own message. */
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

/** The first failure any node reports (every node reports the same cause), else the first refusal or loss. */
export function runFailure(run: SiteRun): string | undefined {
  if (run.outcome !== 'failed') return undefined;
  const failed = run.nodes.find((n) => n.view?.state === 'failed' && n.view.failure);
  if (failed) return `The export failed: ${failureText(failed.view!.failure!)}`;
  const refused = run.nodes.find((n) => n.phase === 'refused' || n.phase === 'lost');
  if (refused) return `The export failed: node ${refused.index} ${refused.phase === 'refused' ? 'refused to join' : 'stopped answering'} (${refused.error ?? 'no reason given'}). The other nodes time out without acting.`;
  return 'The export failed.';
}

/** One status line while the session runs. */
export function runSummary(run: SiteRun): string {
  if (run.finished) return run.outcome === 'done' ? 'Every node has wrapped its share.' : 'The export failed.';
  const done = run.nodes.filter((n) => n.view?.state === 'done').length;
  const joined = run.nodes.filter((n) => n.phase !== 'joining').length;
  if (joined < run.nodes.length) return `Joining the nodes (${joined} of ${run.nodes.length})…`;
  return `Session running: ${done} of ${run.nodes.length} nodes done…`;
}
