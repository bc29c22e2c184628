// Fail-over pairing, read from the nodes (issue 11): every node's export configuration,
// wrapping key, pairing record and keys on both sites, turned into each direction's plan
// (pairing-plan.ts), each node's record beside what it should say (pairing-drift.ts), the
// key comparison (key-sync.ts) and one list of problems. Everything is read afresh
// each time, so whoever asks — the console's wizard, `keyferry pair` — sees what the nodes
// hold now, not what some browser remembers. Applying a plan is a versioned PUT per node,
// whitelists first and then the records on all 2n nodes; a node changed meanwhile answers
// 409 and is re-planned, never overwritten.
import { compareSiteKeys, type KeySync } from './key-sync.ts';
import { NodeError } from './node-client.ts';
import { failureReason } from './node-error-words.ts';
import { expectedTerms, nodeRecord, recordProblems, type NodeRecord, type RecordProblemCode } from './pairing-drift.ts';
import { planPairing, type PairPlan, type PairState } from './pairing-plan.ts';
import type { NodeApis, SiteClient } from './site-client.ts';
import type { SiteNode } from './site.ts';

export interface Direction {
  /** The site whose whitelists are planned (it exports) and its counterpart (it imports). */
  from: string;
  to: string;
  plans: PairPlan[];
}

export interface PairingProblem {
  /** The node of `site` the problem is on; null for the whole pairing (keys). */
  node: number | null;
  site: string | null;
  code: PairState | RecordProblemCode | 'keys-missing' | 'key-conflict' | 'key-half-held' | 'shape-mismatch';
  message: string;
}

export interface PairingState {
  main: string;
  failover: string;
  directions: Direction[];
  keys: KeySync;
  /** Distinct key IDs some node of each site holds. */
  keyCounts: { main: number; failover: number };
  /** Every node's pairing record, main's nodes then fail-over's, each beside the terms applying would record. */
  records: NodeRecord[];
  problems: PairingProblem[];
  /** Every planned direction has every pair paired, and every node of both sites holds the matching record. */
  paired: boolean;
}

export interface PairingOptions {
  /** Also plan fail-over → main (fail-back). */
  bothWays?: boolean;
  /** Keep every entry the plan would remove (other keys, the wildcard), with a warning. */
  keepOtherEntries?: boolean;
}

/** Everything the nodes of both sites report, or a NodeError naming the first node that could not be read. */
export async function readPairing(main: SiteClient, failover: SiteClient, options: PairingOptions = {}): Promise<PairingState> {
  if (main.site.nodes.length !== failover.site.nodes.length || main.site.threshold !== failover.site.threshold) {
    const shape = (c: SiteClient) => `n = ${c.site.nodes.length}, t = ${c.site.threshold}`;
    throw new RangeError(`site ${main.site.name} (${shape(main)}) and site ${failover.site.name} (${shape(failover)}) differ: a pairing needs the same n and t on both`);
  }
  const [mainConfigs, failoverConfigs, mainKeys, failoverKeys, mainWrapping, failoverWrapping, mainRecords, failoverRecords] = await Promise.all([
    readAll(main, (apis, node, signal) => apis.exportConfig.get(node, signal)),
    readAll(failover, (apis, node, signal) => apis.exportConfig.get(node, signal)),
    readAll(main, (apis, node, signal) => apis.keys.list(node, signal)),
    readAll(failover, (apis, node, signal) => apis.keys.list(node, signal)),
    readAll(main, (apis, node, signal) => apis.exportConfig.wrappingKeys(node, signal)),
    readAll(failover, (apis, node, signal) => apis.exportConfig.wrappingKeys(node, signal)),
    readAll(main, (apis, node, signal) => apis.pairing.get(node, signal)),
    readAll(failover, (apis, node, signal) => apis.pairing.get(node, signal)),
  ]);
  const keep = (plans: Array<{ index: number; config: { entries: ReadonlyArray<{ key: string; fingerprint?: string | undefined }> } }>) =>
    new Map(plans.map((p) => [p.index, new Set(options.keepOtherEntries ? p.config.entries.map((e) => e.fingerprint ?? e.key) : [])]));

  const mainSide = mainConfigs.map((config, i) => ({ index: main.site.nodes[i]!.index, config }));
  const failoverSide = failoverConfigs.map((config, i) => ({ index: failover.site.nodes[i]!.index, config }));
  const directions: Direction[] = [
    {
      from: main.site.name,
      to: failover.site.name,
      plans: planPairing(mainSide, failoverWrapping.map((wrappingKey, i) => ({ index: failover.site.nodes[i]!.index, wrappingKey })), keep(mainSide)),
    },
  ];
  if (options.bothWays) {
    directions.push({
      from: failover.site.name,
      to: main.site.name,
      plans: planPairing(failoverSide, mainWrapping.map((wrappingKey, i) => ({ index: main.site.nodes[i]!.index, wrappingKey })), keep(failoverSide)),
    });
  }
  const keys = compareSiteKeys(
    { nodes: mainKeys.map((list, i) => ({ index: main.site.nodes[i]!.index, keys: list })) },
    { nodes: failoverKeys.map((list, i) => ({ index: failover.site.nodes[i]!.index, keys: list })) },
  );

  // Each node's record beside what the pairing gives it: node i of one site is paired with
  // node i of the other, at that node's current wrapping key.
  const direction = options.bothWays ? 'both-ways' : 'one-way';
  const recordsOf = (self: SiteClient, other: SiteClient, role: 'main' | 'failover', views: typeof mainRecords, counterpartKeys: typeof mainWrapping) =>
    views.map((view, i) => {
      const index = self.site.nodes[i]!.index;
      const at = other.site.nodes.findIndex((n) => n.index === index);
      return nodeRecord(self.site.name, index, view, expectedTerms(self.site.name, role, other.site.name, index, counterpartKeys[at]!.fingerprint, direction));
    });
  const records = [...recordsOf(main, failover, 'main', mainRecords, failoverWrapping), ...recordsOf(failover, main, 'failover', failoverRecords, mainWrapping)];
  const governed = (r: NodeRecord) => {
    if (r.site === main.site.name) return mainConfigs[main.site.nodes.findIndex((n) => n.index === r.index)];
    return options.bothWays ? failoverConfigs[failover.site.nodes.findIndex((n) => n.index === r.index)] : undefined;
  };
  const drift: PairingProblem[] = records.flatMap((record) => recordProblems({ record, whitelist: governed(record) }));

  const problems = [...directions.flatMap(directionProblems), ...drift, ...keyProblems(keys, main.site.name, failover.site.name)];
  const distinct = (lists: ReadonlyArray<ReadonlyArray<{ keyId: string }>>) => new Set(lists.flat().map((k) => k.keyId)).size;
  const keyCounts = { main: distinct(mainKeys), failover: distinct(failoverKeys) };
  const paired = directions.every((d) => d.plans.every((p) => p.state === 'paired')) && records.every((r) => r.matches) && drift.length === 0;
  return { main: main.site.name, failover: failover.site.name, directions, keys, keyCounts, records, problems, paired };
}

/** One answer per node in index order; the first node that could not be read throws its NodeError. */
async function readAll<T>(client: SiteClient, call: (apis: NodeApis, node: SiteNode, signal?: AbortSignal) => Promise<T>): Promise<T[]> {
  const answers = await client.eachNode(call);
  return answers.map((a) => {
    if (!a.ok) throw a.error;
    return a.value;
  });
}

const STATE_WORDS: Record<Exclude<PairState, 'paired'>, (p: PairPlan, to: string) => string> = {
  missing: (p, to) => `its whitelist does not hold ${to} node ${p.index}'s wrapping key (its counterpart rotated it, or it was never added)`,
  'wrong-counterpart': (p, to) => `its whitelist holds ${to} node ${p.crossIndex.join(', ')}'s key: a cross-index entry`,
  wildcard: () => 'its whitelist is "*": it would wrap its share under any key',
  'extra-entries': () => 'its whitelist holds other keys beside its counterpart’s',
  'export-disabled': () => 'EnableExport is off: nothing can be exported to its counterpart',
};

function directionProblems(d: Direction): PairingProblem[] {
  return d.plans
    .filter((p) => p.state !== 'paired')
    .map((p) => ({ node: p.index, site: d.from, code: p.state, message: `${d.from} node ${p.index}: ${STATE_WORDS[p.state as Exclude<PairState, 'paired'>](p, d.to)}` }));
}

function keyProblems(keys: KeySync, main: string, failover: string): PairingProblem[] {
  const out: PairingProblem[] = [];
  if (keys.missing.length > 0) {
    out.push({ node: null, site: null, code: 'keys-missing', message: `${keys.missing.length} key(s) on ${main} are not on ${failover} yet: ${keys.missing.map((k) => k.keyId).join(', ')}` });
  }
  for (const c of keys.conflicts) {
    out.push({ node: null, site: null, code: 'key-conflict', message: `key ${c.keyId} has another public key on ${failover} than on ${main}; it is never overwritten — resolve it by hand` });
  }
  for (const h of keys.partial) {
    out.push({ node: null, site: h.site === 'main' ? main : failover, code: 'key-half-held', message: `key ${h.keyId} is on ${h.site === 'main' ? main : failover} nodes ${h.on.join(', ')} but not ${h.missingOn.join(', ')}` });
  }
  return out;
}

export interface AppliedChange {
  site: string;
  index: number;
  /** What was written: the node's whitelist, or its pairing record (applyPairing always says). */
  part?: 'whitelist' | 'record';
  outcome: 'changed' | 'unchanged' | 'conflict' | 'failed';
  /** For conflict / failed: why, in words. */
  reason?: string;
}

const conflictWords = { whitelist: 'its whitelist changed since it was read; plan again', record: 'its pairing record changed since it was read; plan again' } as const;

async function send(part: 'whitelist' | 'record', site: string, index: number, write: () => Promise<unknown>): Promise<AppliedChange> {
  try {
    await write();
    return { site, index, part, outcome: 'changed' };
  } catch (error) {
    if (error instanceof NodeError && error.status === 409) return { site, index, part, outcome: 'conflict', reason: conflictWords[part] };
    return { site, index, part, outcome: 'failed', reason: failureReason(error) };
  }
}

/**
 * Sends each planned whitelist change with the version it was based on, then writes the
 * pairing record on every node of both sites (also versioned). A node changed meanwhile
 * (409) is reported as a conflict for a re-plan, never overwritten; a node whose whitelist
 * change did not apply gets no record (it would claim a pairing not in force). Every
 * node's outcome is returned, whitelists first then records, so nothing half-applied goes
 * unsaid.
 */
export async function applyPairing(state: PairingState, clients: ReadonlyMap<string, SiteClient>): Promise<AppliedChange[]> {
  const nodeOf = (site: string, index: number) => {
    const client = clients.get(site);
    if (client === undefined) throw new RangeError(`no site client for ${site}`);
    return { client, node: client.site.nodes.find((n) => n.index === index)! };
  };
  const tasks = state.directions.flatMap((d) => d.plans.map((plan) => ({ d, plan })));
  const whitelists = await Promise.all(
    tasks.map(async ({ d, plan }): Promise<AppliedChange> => {
      if (plan.change === undefined) return { site: d.from, index: plan.index, part: 'whitelist', outcome: 'unchanged' };
      const { client, node } = nodeOf(d.from, plan.index);
      const change = plan.change;
      return send('whitelist', d.from, plan.index, () => client.apis.exportConfig.put(node, change));
    }),
  );
  const records = await Promise.all(
    state.records.map(async (r): Promise<AppliedChange> => {
      const whitelist = whitelists.find((w) => w.site === r.site && w.index === r.index);
      if (whitelist !== undefined && (whitelist.outcome === 'conflict' || whitelist.outcome === 'failed')) {
        return { site: r.site, index: r.index, part: 'record', outcome: whitelist.outcome, reason: `not recorded: its whitelist change did not apply (${whitelist.reason ?? whitelist.outcome})` };
      }
      if (r.matches) return { site: r.site, index: r.index, part: 'record', outcome: 'unchanged' };
      const { client, node } = nodeOf(r.site, r.index);
      return send('record', r.site, r.index, () => client.apis.pairing.put(node, { version: r.version, pairing: r.expected }));
    }),
  );
  return [...whitelists, ...records];
}
