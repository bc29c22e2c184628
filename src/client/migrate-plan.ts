// What a migrate (issue 13) does with each key, decided from one read of every node of
// both sites — so a run that was cut short anywhere is planned again from what the nodes
// hold, and finishes what it left. Pure. The order a move keeps is copy, verify on every
// target node, only then delete on the source; the plan reads where a key is in that
// order:
//   on every source node, on no target node        → copy (and, for a move, verify + delete)
//   on every target node, still on some source node → move: verify + delete (a move cut short
//                                                     after its import, or mid-delete); copy: skip
//   on every target node, on no source node        → skip (already there; already moved)
//   two public keys under one key ID                → conflict, never touched
//   on some nodes of a site only                    → refused: half-held, for the operator
// A key is only ever deleted from the source after the target's nodes were checked again
// in the same run (migrate.ts), so no order of crashes leaves it on neither site.
import { nodesText } from './failure-words.ts';
import type { NodeKey } from './keys.ts';

export interface SiteKeyLists {
  name: string;
  /** Each node's GET /v1/keys, one entry per node of the site. */
  nodes: ReadonlyArray<{ index: number; keys: readonly NodeKey[] }>;
}

export type MigrateAction = 'copy' | 'finish-move' | 'skip' | 'conflict' | 'refuse';

export interface PlannedKey {
  keyId: string;
  action: MigrateAction;
  /** The key's public key (base64 DER SPKI), when one site holds it under one. */
  publicKey?: string;
  curve?: NodeKey['curve'];
  /** noCopy on the source: it may be moved, never copied; the target gets the flag too. */
  noCopy?: boolean;
  /** The source nodes holding the key (what a move deletes). */
  sourceNodes: number[];
  /** skip, conflict and refuse: a short code (already-present, already-moved, conflict, half-held, not-found, no-copy, disabled). */
  reason?: string;
  /** skip, conflict and refuse: one sentence naming the key, the site and nodes. */
  message?: string;
}

export interface MigratePlan {
  move: boolean;
  keys: PlannedKey[];
  /** Set by readMigratePlan({checkExport}) when the source nodes would refuse to wrap for the target (nothing can be copied until it is fixed). */
  exportRefusal?: { message: string; site?: string; node?: number };
}

interface Held {
  /** Public key → the nodes holding it under the key ID. */
  byPublicKey: Map<string, number[]>;
  /** One node's summary of it (curve, flags). */
  summaries: NodeKey[];
}

function holdings(site: SiteKeyLists): Map<string, Held> {
  const out = new Map<string, Held>();
  for (const node of site.nodes) {
    for (const key of node.keys) {
      const h = out.get(key.keyId) ?? { byPublicKey: new Map<string, number[]>(), summaries: [] };
      h.byPublicKey.set(key.publicKey, [...(h.byPublicKey.get(key.publicKey) ?? []), node.index]);
      h.summaries.push(key);
      out.set(key.keyId, h);
    }
  }
  return out;
}

const nodesOf = (h: Held | undefined) => (h === undefined ? [] : [...h.byPublicKey.values()].flat().sort((a, b) => a - b));
const tail = (publicKey: string) => `…${publicKey.slice(-16)}`;

/** One key's place in the order copy → verify → delete. */
function planKey(keyId: string, source: SiteKeyLists, target: SiteKeyLists, s: Held | undefined, t: Held | undefined, move: boolean): PlannedKey {
  const onSource = nodesOf(s);
  const onTarget = nodesOf(t);
  const base = { keyId, sourceNodes: onSource };
  const publicKeys = new Set([...(s?.byPublicKey.keys() ?? []), ...(t?.byPublicKey.keys() ?? [])]);
  if (publicKeys.size > 1) {
    const where = [
      ...[...(s?.byPublicKey ?? [])].map(([pk, at]) => `${source.name} ${nodesText(at)} ${tail(pk)}`),
      ...[...(t?.byPublicKey ?? [])].map(([pk, at]) => `${target.name} ${nodesText(at)} ${tail(pk)}`),
    ];
    return { ...base, action: 'conflict', reason: 'conflict', message: `key ID ${keyId} names different keys (${where.join('; ')}); it is never overwritten or deleted — resolve it by hand` };
  }
  const publicKey = [...publicKeys][0];
  const summary = s?.summaries[0] ?? t?.summaries[0];
  const known = { ...base, ...(publicKey ? { publicKey } : {}), ...(summary ? { curve: summary.curve } : {}), ...(s?.summaries.some((k) => k.noCopy) ? { noCopy: true } : {}) };
  const sourceWhole = onSource.length === source.nodes.length;
  const targetWhole = onTarget.length === target.nodes.length;
  if (onSource.length === 0 && onTarget.length === 0) return { ...known, action: 'refuse', reason: 'not-found', message: `key ${keyId} is on neither site: no node of ${source.name} or ${target.name} holds it` };
  if (targetWhole) {
    if (onSource.length === 0) {
      return { ...known, action: 'skip', reason: move ? 'already-moved' : 'already-present', message: `key ${keyId} is on every node of ${target.name}${move ? ` and on no node of ${source.name}: already moved` : ''}` };
    }
    if (!move) return { ...known, action: 'skip', reason: 'already-present', message: `key ${keyId} is already on every node of ${target.name}${sourceWhole ? '' : ` (on ${source.name} only ${nodesText(onSource)} hold it: a move was cut short; run the move again to finish it)`}` };
    return { ...known, action: 'finish-move' };
  }
  if (onTarget.length > 0) {
    const lacking = target.nodes.map((n) => n.index).filter((i) => !onTarget.includes(i));
    return {
      ...known,
      action: 'refuse',
      reason: 'half-held',
      message: `key ${keyId} is half-held on ${target.name}: ${nodesText(onTarget)} hold it, ${nodesText(lacking)} ${lacking.length === 1 ? 'does' : 'do'} not; nothing is imported over it and nothing deleted on ${source.name} — restore the missing share from a backup, or delete the key on ${target.name} ${nodesText(onTarget)} and run again`,
    };
  }
  if (!sourceWhole) {
    const lacking = source.nodes.map((n) => n.index).filter((i) => !onSource.includes(i));
    return { ...known, action: 'refuse', reason: 'half-held', message: `key ${keyId} is half-held on ${source.name}: ${nodesText(lacking)} ${lacking.length === 1 ? 'does' : 'do'} not hold it (${nodesText(onSource)} do), so it cannot be exported; restore the missing share from a backup first` };
  }
  if (s!.summaries.some((k) => k.disabled)) return { ...known, action: 'refuse', reason: 'disabled', message: `key ${keyId} is disabled on ${source.name} (a noCopy key that was raw-exported): it is no longer exported` };
  if (known.noCopy && !move) return { ...known, action: 'refuse', reason: 'no-copy', message: `key ${keyId} is marked noCopy on ${source.name}: its state must not live on two sites; it can be moved (--move), never copied` };
  return { ...known, action: 'copy' };
}

/** The plan for `keyIds` (default: every key ID any source node holds), sorted by key ID. */
export function planMigration(source: SiteKeyLists, target: SiteKeyLists, options: { move: boolean; keyIds?: readonly string[] }): MigratePlan {
  const s = holdings(source);
  const t = holdings(target);
  const wanted = [...new Set(options.keyIds ?? [...s.keys()])].sort();
  return { move: options.move, keys: wanted.map((keyId) => planKey(keyId, source, target, s.get(keyId), t.get(keyId), options.move)) };
}

/** How many keys take each action. */
export function planCounts(plan: MigratePlan): Record<MigrateAction, number> {
  const counts: Record<MigrateAction, number> = { copy: 0, 'finish-move': 0, skip: 0, conflict: 0, refuse: 0 };
  for (const k of plan.keys) counts[k.action]++;
  return counts;
}
