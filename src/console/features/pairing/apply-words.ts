// What Apply did, node by node, in words — each node's whitelist and its pairing record:
// changed, unchanged, changed meanwhile (a 409: re-read and re-planned, never overwritten)
// or failed with why — and one summary that names the nodes that changed even when others
// failed, so nothing is half-applied silently.
import type { AppliedChange } from '../../../client/pairing-state.ts';

export const OUTCOME_LABEL: Record<AppliedChange['outcome'], string> = {
  changed: 'Changed',
  unchanged: 'Unchanged',
  conflict: 'Changed meanwhile',
  failed: 'Failed',
};

const partName = (c: AppliedChange) => (c.part === 'record' ? 'pairing record' : 'whitelist');

export function outcomeText(c: AppliedChange): string {
  const who = `${c.site} node ${c.index}`;
  switch (c.outcome) {
    case 'changed':
      return `${who}: ${partName(c)} ${c.part === 'record' ? 'written' : 'changed'}.`;
    case 'unchanged':
      return `${who}: ${partName(c)} already as planned; nothing sent.`;
    case 'conflict':
      return `${who} changed meanwhile (its ${partName(c)}) — re-planned; review the new plan and apply again.`;
    case 'failed':
      return `${who}: ${partName(c)} failed — ${c.reason ?? 'no reason given'}. Fix that node, then apply again (the other nodes keep what they got).`;
  }
}

const nodesOf = (changes: readonly AppliedChange[]) => changes.map((c) => `${c.site} node ${c.index}`).join(', ');
const withPart = (changes: readonly AppliedChange[]) => changes.map((c) => `${c.site} node ${c.index} (${partName(c)})`).join(', ');

/** One paragraph: which whitelists changed, which records were written, and which did not and why. */
export function applySummary(changes: readonly AppliedChange[]): { ok: boolean; text: string } {
  const by = (o: AppliedChange['outcome']) => changes.filter((c) => c.outcome === o);
  const changed = by('changed');
  const whitelists = changed.filter((c) => c.part !== 'record');
  const records = changed.filter((c) => c.part === 'record');
  const conflicts = by('conflict');
  const failed = by('failed');
  const parts: string[] = [];
  if (changed.length === 0) parts.push('No node changed.');
  if (whitelists.length > 0) parts.push(`Whitelists changed: ${nodesOf(whitelists)}.`);
  if (records.length > 0) parts.push(`Pairing records written: ${nodesOf(records)}.`);
  if (conflicts.length > 0) parts.push(`Changed meanwhile, re-planned: ${withPart(conflicts)}.`);
  if (failed.length > 0) parts.push(`Failed: ${withPart(failed)}.`);
  const ok = conflicts.length === 0 && failed.length === 0;
  if (ok) parts.push(changed.length === 0 ? 'Every node was already as planned.' : 'Every node is now as planned.');
  return { ok, text: parts.join(' ') };
}
