// The wizard's per-entry "keep": the client plans every pair with all other entries
// removed (readPairing with keepOtherEntries off); the operator may keep some of them, each
// with a warning. This re-plans one node's whitelist change from its PairPlan and the
// entries kept, so what Apply sends is exactly what the page showed. The wildcard cannot be
// kept: a node refuses "*" beside any other entry.
import { WILDCARD } from '../../../protocol/export-whitelist.ts';
import type { PairPlan, RemovedEntry } from '../../../client/pairing-plan.ts';
import type { PairingState } from '../../../client/pairing-state.ts';

/** How an entry is named in a keep choice: its fingerprint, or "*". */
export const entryKey = (e: Pick<RemovedEntry, 'key' | 'fingerprint'>): string => e.fingerprint ?? e.key;

/** "main/2": the node a keep choice belongs to (the direction's exporting site and the index). */
export const nodeKey = (site: string, index: number): string => `${site}/${index}`;

export type KeepChoices = ReadonlyMap<string, ReadonlySet<string>>;

/** Why an entry cannot be kept, or undefined when it can. */
export function keepRefusal(entry: Pick<RemovedEntry, 'key'>): string | undefined {
  return entry.key === WILDCARD ? 'The wildcard cannot be kept: a node refuses "*" beside any other key.' : undefined;
}

/**
 * The plan with `keep` applied: kept entries stay on the whitelist after the counterpart's
 * key and are listed under `kept`; a node whose only change was removing entries that are
 * now all kept (extra entries, export on) needs no change.
 */
export function replanNode(plan: PairPlan, keep: ReadonlySet<string>): PairPlan {
  if (plan.change === undefined) return plan;
  const entries = [...plan.removed, ...plan.kept];
  const kept = entries.filter((e) => keep.has(entryKey(e)) && keepRefusal(e) === undefined);
  const removed = entries.filter((e) => !kept.includes(e));
  const counterpartKey = plan.change.whitelist.find((k) => !entries.some((e) => e.key === k));
  const next: PairPlan = { index: plan.index, state: plan.state, crossIndex: plan.crossIndex, removed, kept };
  if (plan.state === 'extra-entries' && removed.length === 0) return next;
  if (counterpartKey === undefined) return next;
  next.change = { enableExport: true, whitelist: [counterpartKey, ...kept.map((k) => k.key)], version: plan.change.version };
  return next;
}

/** The state with every direction's plans re-planned for the operator's keep choices (what Apply sends). */
export function withKeepChoices(state: PairingState, choices: KeepChoices): PairingState {
  return {
    ...state,
    directions: state.directions.map((d) => ({ ...d, plans: d.plans.map((p) => replanNode(p, choices.get(nodeKey(d.from, p.index)) ?? new Set())) })),
  };
}

/** A copy of the choices with one entry of one node kept or not. */
export function toggleKeep(choices: KeepChoices, node: string, entry: string, keep: boolean): Map<string, Set<string>> {
  const next = new Map([...choices].map(([k, v]) => [k, new Set(v)]));
  const set = next.get(node) ?? new Set<string>();
  if (keep) set.add(entry);
  else set.delete(entry);
  next.set(node, set);
  return next;
}
