// What Apply did, node by node, in words — changed, unchanged, changed meanwhile (a 409:
// re-read and re-planned, never overwritten) or failed with why — and one summary that
// names the nodes that changed even when others failed, so nothing is half-applied silently.
import type { AppliedChange } from '../../../client/pairing-state.ts';

export const OUTCOME_LABEL: Record<AppliedChange['outcome'], string> = {
  changed: 'Changed',
  unchanged: 'Unchanged',
  conflict: 'Changed meanwhile',
  failed: 'Failed',
};

export function outcomeText(c: AppliedChange): string {
  const who = `${c.site} node ${c.index}`;
  switch (c.outcome) {
    case 'changed':
      return `${who}: changed.`;
    case 'unchanged':
      return `${who}: already as planned; nothing sent.`;
    case 'conflict':
      return `${who} changed meanwhile — re-planned; review the new plan and apply again.`;
    case 'failed':
      return `${who}: failed — ${c.reason ?? 'no reason given'}. Fix that node, then apply again (the other nodes keep what they got).`;
  }
}

const nodesOf = (changes: readonly AppliedChange[]) => changes.map((c) => `${c.site} node ${c.index}`).join(', ');

/** One sentence: which nodes changed, and which did not and why. */
export function applySummary(changes: readonly AppliedChange[]): { ok: boolean; text: string } {
  const by = (o: AppliedChange['outcome']) => changes.filter((c) => c.outcome === o);
  const changed = by('changed');
  const conflicts = by('conflict');
  const failed = by('failed');
  const parts = [changed.length === 0 ? 'No node changed.' : `Changed: ${nodesOf(changed)}.`];
  if (conflicts.length > 0) parts.push(`Changed meanwhile, re-planned: ${nodesOf(conflicts)}.`);
  if (failed.length > 0) parts.push(`Failed: ${nodesOf(failed)}.`);
  const ok = conflicts.length === 0 && failed.length === 0;
  if (ok) parts.push(changed.length === 0 ? 'Every node was already as planned.' : 'Every node is now as planned.');
  return { ok, text: parts.join(' ') };
}
