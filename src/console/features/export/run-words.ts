// A running export in words: each node's phase and state, the session's failure with the
// node it names, for the progress list and the failure callout. The failure vocabulary is
// the client's (src/client/failure-words.ts); this adds the export's own state words. Pure.
import { failureText, reasonLabel, runFailureText } from '../../../client/failure-words.ts';
import { nodePhaseText, type NodeRun, type SiteRun } from '../../../client/run-session.ts';
import type { SessionView } from '../../../client/sessions.ts';

export { failureText };

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
    return `Failed (${reasonLabel(f.reason)}${who})`;
  }
  return STATE_WORDS[n.view.state];
}

/** The first failure any node reports (every node reports the same cause), else the first refusal or loss. */
export const runFailure = (run: SiteRun): string | undefined => runFailureText(run, 'export');

/** One status line while the session runs. */
export function runSummary(run: SiteRun): string {
  if (run.finished) return run.outcome === 'done' ? 'Every node has wrapped its share.' : 'The export failed.';
  const done = run.nodes.filter((n) => n.view?.state === 'done').length;
  const joined = run.nodes.filter((n) => n.phase !== 'joining').length;
  if (joined < run.nodes.length) return `Joining the nodes (${joined} of ${run.nodes.length})…`;
  return `Session running: ${done} of ${run.nodes.length} nodes done…`;
}
