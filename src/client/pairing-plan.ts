// Fail-over pairing, the plan (issue 11; the seeds' fail-over setting): main node i's
// export whitelist holds fail-over node i's wrapping key and only that key, with
// EnableExport on, so shares move only between corresponding nodes and the two sites'
// shares never mix. Given what every node of both sites says today, this names each
// pair's state and the whitelist change that pairs it, with the entries the change would
// remove (other keys, the wildcard) — each kept only when the operator chooses to. Pure:
// the wizard and `keyferry pair` read the nodes and render the result their own way.
import { WILDCARD, admits } from '../protocol/export-whitelist.ts';
import type { ExportConfigView, NodeWrappingKeys } from './export-config.ts';

/** What one main node's whitelist says about its pairing with fail-over node i. */
export type PairState =
  /** EnableExport on, exactly the counterpart's current key. */
  | 'paired'
  /** The counterpart's key is not on the whitelist. */
  | 'missing'
  /** The whitelist holds a key of another fail-over node (a cross-index entry). */
  | 'wrong-counterpart'
  /** The whitelist is "*": it admits every key. */
  | 'wildcard'
  /** The counterpart's key is there, beside other keys. */
  | 'extra-entries'
  /** The counterpart's key is listed, but EnableExport is off. */
  | 'export-disabled';

export interface PairInput {
  index: number;
  /** Main node i's export configuration. */
  main: ExportConfigView;
  /** Fail-over node i's wrapping key (GET /v1/wrapping-key). */
  counterpart: Pick<NodeWrappingKeys, 'spki' | 'fingerprint'>;
  /** The other fail-over nodes' current fingerprints by index, to name a cross-index entry. */
  otherCounterparts: ReadonlyMap<number, string>;
}

export interface RemovedEntry {
  /** Base64 DER SPKI, or "*". */
  key: string;
  fingerprint?: string;
  /** Why it goes, in words: whose key it is, or that it is the wildcard. */
  why: string;
}

export interface PairPlan {
  index: number;
  state: PairState;
  /** Fail-over node indices whose keys main node i lists although they are not i. */
  crossIndex: number[];
  /** The change that pairs node i; undefined when it is paired already. */
  change?: { enableExport: true; whitelist: string[]; version: number };
  /** Entries the change removes (unless kept), each with why. */
  removed: RemovedEntry[];
  /** Entries the operator chose to keep although they break the pairing rule. */
  kept: RemovedEntry[];
}

/** The state of one pair as the nodes report it. */
export function pairState(input: PairInput): { state: PairState; crossIndex: number[] } {
  const { main, counterpart, otherCounterparts } = input;
  const listed = main.entries.flatMap((e) => (e.fingerprint === undefined ? [] : [e.fingerprint]));
  const crossIndex = [...otherCounterparts].filter(([i, fp]) => i !== input.index && listed.includes(fp)).map(([i]) => i);
  if (main.whitelist.includes(WILDCARD)) return { state: 'wildcard', crossIndex };
  if (crossIndex.length > 0) return { state: 'wrong-counterpart', crossIndex };
  const admission = admits(main, counterpart.fingerprint);
  if (admission === 'listed-export-off') return { state: 'export-disabled', crossIndex };
  if (admission !== 'admits') return { state: 'missing', crossIndex };
  return { state: listed.length === 1 ? 'paired' : 'extra-entries', crossIndex };
}

/**
 * The plan for one pair. `keep`: fingerprints (or "*") of entries the operator keeps;
 * kept entries stay on the whitelist and are listed under `kept` so the page can warn.
 */
export function planPair(input: PairInput, keep: ReadonlySet<string> = new Set()): PairPlan {
  const { state, crossIndex } = pairState(input);
  const others = new Map([...input.otherCounterparts].map(([i, fp]) => [fp, i]));
  const removed: RemovedEntry[] = [];
  const kept: RemovedEntry[] = [];
  for (const entry of input.main.entries) {
    if (entry.fingerprint === input.counterpart.fingerprint) continue;
    const at = entry.fingerprint === undefined ? undefined : others.get(entry.fingerprint);
    const why =
      entry.key === WILDCARD
        ? 'the wildcard "*" admits every key'
        : at !== undefined
          ? `fail-over node ${at}'s key: a cross-index entry (node ${input.index}'s share would go to node ${at})`
          : 'a key of neither pair: shares could leave for it';
    const item: RemovedEntry = { key: entry.key, why, ...(entry.fingerprint === undefined ? {} : { fingerprint: entry.fingerprint }) };
    if (keep.has(entry.fingerprint ?? entry.key)) kept.push(item);
    else removed.push(item);
  }
  const plan: PairPlan = { index: input.index, state, crossIndex, removed, kept };
  const whitelist = [input.counterpart.spki, ...kept.map((k) => k.key)];
  if (!input.main.enableExport || !sameList(input.main.whitelist, whitelist)) plan.change = { enableExport: true, whitelist, version: input.main.version };
  return plan;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The plan for every pair, from main's configs and fail-over's wrapping keys (both in index order 1..n). */
export function planPairing(
  main: ReadonlyArray<{ index: number; config: ExportConfigView }>,
  failover: ReadonlyArray<{ index: number; wrappingKey: Pick<NodeWrappingKeys, 'spki' | 'fingerprint'> }>,
  keep: ReadonlyMap<number, ReadonlySet<string>> = new Map(),
): PairPlan[] {
  const fingerprints = new Map(failover.map((f) => [f.index, f.wrappingKey.fingerprint]));
  return main.map((m) => {
    const counterpart = failover.find((f) => f.index === m.index);
    if (counterpart === undefined) throw new RangeError(`fail-over site has no node ${m.index}; a pairing needs the same n on both sites`);
    return planPair({ index: m.index, main: m.config, counterpart: counterpart.wrappingKey, otherCounterparts: fingerprints }, keep.get(m.index));
  });
}
