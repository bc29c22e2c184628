// Keys between two sites in bulk (issue 13): `keyferry migrate`, the console's migrate page
// and the pairing sync all run this. The keys go in batches, one batch export session on
// the source (each node wrapping its share for the target node of its index) and one batch
// import session on the target per batch, the next batch's export running while the
// current one is imported. Every copied key is then checked on every target node: each
// node's public share must fit the key's public key (POST /v1/keys/public-shares). A move
// deletes the key on the source only after that check, in the same run; so a crash at any
// point leaves every key on at least one whole site, and running the same migrate again
// finishes it (migrate-plan.ts reads where each key is). A key that fails fails alone.
import { isAdmitted, admits } from '../protocol/export-whitelist.ts';
import { csvTable, jsonTable } from './csv.ts';
import { exportBatch, importBatch, MAX_BATCH_KEYS, type BatchKeyResult } from './batch.ts';
import { exportTargetsProblem, type ExportTarget } from './export-plan.ts';
import { runFailureSentence } from './failure-words.ts';
import { planMigration, type MigratePlan, type PlannedKey, type SiteKeyLists } from './migrate-plan.ts';
import { NodeError } from './node-client.ts';
import { nodeErrorSentence } from './node-error-words.ts';
import { sharesDescribeKey } from './raw-backup.ts';
import type { SiteRun } from './run-session.ts';
import type { SiteClient } from './site-client.ts';
import type { SiteNode } from './site.ts';

export { planMigration, planCounts, type MigratePlan, type PlannedKey, type MigrateAction } from './migrate-plan.ts';

export const DEFAULT_MIGRATE_BATCH = 250;

export type MigrateStatus = 'copied' | 'moved' | 'skipped' | 'conflict' | 'failed';

export interface MigrateKeyResult {
  keyId: string;
  status: MigrateStatus;
  /** failed, skipped and conflict: a short code (export-failed, import-failed, verify-failed, delete-incomplete, half-held, …). */
  reason?: string;
  /** One sentence naming the key, the site and node, and why. */
  message?: string;
  site?: string;
  node?: number;
  publicKey?: string;
}

export type MigratePhase = 'read' | 'export' | 'import' | 'verify' | 'delete' | 'done';

export interface MigrateProgress {
  phase: MigratePhase;
  /** Keys in the plan. */
  total: number;
  copied: number;
  moved: number;
  skipped: number;
  conflicts: number;
  failed: number;
  /** The batch being worked on (1-based) of `batches`; 0 before the first. */
  batch: number;
  batches: number;
  keysPerSecond: number;
  /** At the rate so far; undefined before the first batch ends. */
  secondsLeft?: number;
}

export interface MigrateOptions {
  /** Default: every key a source node holds. */
  keyIds?: readonly string[];
  move?: boolean;
  /** Keys per session, 1–MAX_BATCH_KEYS (default 250). */
  batchSize?: number;
  /** Stops after the batch being worked on (its sessions, check and delete run to their end); keys not reached are left out of the results. */
  signal?: AbortSignal;
  onPlan?(plan: MigratePlan): void;
  onProgress?(p: MigrateProgress): void;
  /** Each key's result once it is final, in plan order within a batch. */
  onKey?(r: MigrateKeyResult): void;
  now?: () => number;
}

export interface MigrateReport {
  from: string;
  to: string;
  move: boolean;
  plan: MigratePlan;
  results: MigrateKeyResult[];
  progress: MigrateProgress;
  /** Why the run stopped before every key was reached (a site's session failed as a whole, or the signal). */
  stopped?: string;
  /** Keys that running the same migrate again may finish (failed for a reason other than a conflict or a half-held key, or not reached). */
  unfinished: string[];
}

/** Why a run could not start, in a word the caller can branch on. */
export type MigrateErrorReason = 'sites-differ' | 'unreachable' | 'not-whitelisted' | 'wrapping-keys';

/** The run could not start: nothing was copied or deleted. */
export class MigrateError extends Error {
  override readonly name = 'MigrateError';
  constructor(
    message: string,
    readonly reason: MigrateErrorReason,
    readonly site?: string,
    readonly node?: number,
  ) {
    super(message);
  }
}

const HAND_WORK = new Set(['conflict', 'half-held', 'not-found', 'no-copy', 'disabled']);

/** Each node's key list; an unreadable node stops the run before anything changed. */
async function readLists(client: SiteClient, role: string, signal?: AbortSignal): Promise<SiteKeyLists> {
  const answers = await client.eachNode((apis, node, s) => apis.keys.list(node, s), signal);
  const down = answers.find((a) => !a.ok);
  if (down && !down.ok) throw new MigrateError(`cannot read the keys of ${role} site ${client.site.name}: ${nodeErrorSentence(down.error, down.node)}; nothing was copied or deleted — run again once it answers`, 'unreachable', client.site.name, down.node.index);
  return { name: client.site.name, nodes: answers.map((a) => ({ index: a.node.index, keys: a.ok ? a.value : [] })) };
}

/** Target node i's current wrapping key, in index order, and each source node's consent to export under it. */
async function exportTargets(source: SiteClient, target: SiteClient, signal?: AbortSignal): Promise<ExportTarget[]> {
  const keys = await target.eachNode((apis, node, s) => apis.exportConfig.wrappingKeys(node, s), signal);
  const targets = keys.map((a) => {
    if (a.ok) return { spki: a.value.spki, fingerprint: a.value.fingerprint };
    throw new MigrateError(`cannot read the wrapping key of ${target.site.name} node ${a.node.index}: ${nodeErrorSentence(a.error, a.node)}; nothing was copied or deleted`, 'unreachable', target.site.name, a.node.index);
  });
  const problem = exportTargetsProblem(targets, source.site.nodes.length);
  if (problem !== undefined) throw new MigrateError(`the wrapping keys of site ${target.site.name} cannot be used: ${problem}`, 'wrapping-keys', target.site.name);
  const configs = await source.eachNode((apis, node, s) => apis.exportConfig.get(node, s), signal);
  for (const a of configs) {
    if (!a.ok) throw new MigrateError(`cannot read the export whitelist of ${source.site.name} node ${a.node.index}: ${nodeErrorSentence(a.error, a.node)}; nothing was copied or deleted`, 'unreachable', source.site.name, a.node.index);
    const t = targets[a.node.index - 1]!;
    const admission = admits(a.value, t.fingerprint);
    if (!isAdmitted(admission)) {
      const why = admission === 'not-whitelisted' ? `does not have ${target.site.name} node ${a.node.index}'s wrapping key (${t.fingerprint.slice(0, 16)}…) on its export whitelist` : 'has export disabled';
      throw new MigrateError(
        `${source.site.name} node ${a.node.index} ${why}, so it would refuse to wrap its shares for ${target.site.name}; add that key to the whitelist and enable export on every ${source.site.name} node (the console's Whitelists page), or pair the sites (keyferry pair apply --main ${source.site.name} --failover ${target.site.name}); nothing was copied or deleted`,
        'not-whitelisted',
        source.site.name,
        a.node.index,
      );
    }
  }
  return targets;
}

/** `work` over `items` with at most `limit` running at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

type Verified = { ok: true } | { ok: false; reason: string; message: string; node?: number };

/** Every target node's public share of every key, checked against the key's public key. */
async function verifyOnTarget(target: SiteClient, keys: readonly PlannedKey[], what: string, signal?: AbortSignal): Promise<Map<string, Verified>> {
  const out = new Map<string, Verified>();
  if (keys.length === 0) return out;
  const ids = keys.map((k) => k.keyId);
  const answers = await target.eachNode((apis, node, s) => apis.keys.publicShares(node, ids, s), signal);
  const site = target.site.name;
  const down = answers.find((a) => !a.ok);
  // Each node's answer by key ID; one that mislabels itself holds none of them.
  const byNode = answers.map((a) => ({ node: a.node, shares: new Map(a.ok && a.value.index === a.node.index ? a.value.shares.map((x) => [x.keyId, x] as const) : []) }));
  for (const k of keys) {
    if (down && !down.ok) {
      out.set(k.keyId, { ok: false, reason: 'unreachable', node: down.node.index, message: `key ${k.keyId} could not be checked on ${site} node ${down.node.index} (${nodeErrorSentence(down.error, down.node)}); ${what}` });
      continue;
    }
    const shares: Array<{ index: number; publicShare: string }> = [];
    let problem: Verified | undefined;
    for (const a of byNode) {
      const share = a.shares.get(k.keyId);
      if (share === undefined) problem ??= { ok: false, reason: 'verify-failed', node: a.node.index, message: `key ${k.keyId} is not on ${site} node ${a.node.index} after the import; ${what}` };
      else if (share.publicKey !== k.publicKey) problem ??= { ok: false, reason: 'verify-failed', node: a.node.index, message: `${site} node ${a.node.index} holds another public key under ${k.keyId} (…${share.publicKey.slice(-16)}); ${what}` };
      else shares.push({ index: share.index, publicShare: share.publicShare });
    }
    if (problem === undefined && !sharesDescribeKey(k.curve!, k.publicKey!, target.site.threshold, shares)) {
      problem = { ok: false, reason: 'verify-failed', message: `the shares of key ${k.keyId} on ${site}'s nodes do not fit its public key; ${what}` };
    }
    out.set(k.keyId, problem ?? { ok: true });
  }
  return out;
}

/** The target nodes flag a moved noCopy key too, before the source lets go of it. */
async function carryNoCopy(target: SiteClient, keyId: string, signal?: AbortSignal): Promise<Verified> {
  const answers = await target.eachNode((apis, node, s) => apis.keys.setNoCopy(node, keyId, s), signal);
  const bad = answers.find((a) => !a.ok);
  if (bad && !bad.ok) return { ok: false, reason: 'no-copy-not-set', node: bad.node.index, message: `key ${keyId}: ${target.site.name} node ${bad.node.index} could not mark it noCopy (${nodeErrorSentence(bad.error, bad.node)}); nothing deleted on the source` };
  return { ok: true };
}

/** Delete the key on every source node holding it (a node that no longer does is fine). */
async function deleteOnSource(source: SiteClient, k: PlannedKey, target: string, signal?: AbortSignal): Promise<MigrateKeyResult> {
  const nodes = source.site.nodes.filter((n) => k.sourceNodes.includes(n.index));
  const left: Array<{ node: SiteNode; error: NodeError }> = [];
  await Promise.all(
    nodes.map(async (node) => {
      try {
        await source.apis.keys.delete(node, k.keyId, signal);
      } catch (e) {
        if (!(e instanceof NodeError)) throw e;
        if (e.status !== 404) left.push({ node, error: e });
      }
    }),
  );
  const base = { keyId: k.keyId, ...(k.publicKey ? { publicKey: k.publicKey } : {}) };
  if (left.length === 0) return { ...base, status: 'moved' };
  const first = left.sort((a, b) => a.node.index - b.node.index)[0]!;
  return {
    ...base,
    status: 'failed',
    reason: 'delete-incomplete',
    site: source.site.name,
    node: first.node.index,
    message: `key ${k.keyId} is on every node of ${target} (checked), but ${source.site.name} ${left.map((l) => `node ${l.node.index}`).join(', ')} still ${left.length === 1 ? 'holds its share' : 'hold their shares'} (${nodeErrorSentence(first.error, first.node)}); run the same migrate again to finish the move`,
  };
}

function failedFrom(k: PlannedKey, r: BatchKeyResult, site: string, phase: 'export' | 'import'): MigrateKeyResult {
  return {
    keyId: k.keyId,
    status: 'failed',
    reason: `${phase}-failed`,
    site,
    ...(r.node !== undefined ? { node: r.node } : {}),
    ...(k.publicKey ? { publicKey: k.publicKey } : {}),
    message: `${r.message ?? `key ${k.keyId}: the ${phase} failed`}${r.reason ? ` (${r.reason})` : ''}; it is still on ${phase === 'export' ? site : 'the source'}, untouched`,
  };
}

/**
 * What a migrate would do now, from one read of every node of both sites (nothing changes):
 * the console's preview, and the first step of migrateKeys. Throws MigrateError when the
 * sites cannot take part (same site, other n or t, a node that does not answer).
 */
export async function readMigratePlan(source: SiteClient, target: SiteClient, options: Pick<MigrateOptions, 'keyIds' | 'move' | 'signal'> & { checkExport?: boolean } = {}): Promise<MigratePlan> {
  if (source.site.name === target.site.name) throw new MigrateError(`the source and the target are both site ${source.site.name}; name two different sites`, 'sites-differ');
  if (source.site.nodes.length !== target.site.nodes.length || source.site.threshold !== target.site.threshold) {
    throw new MigrateError(`site ${source.site.name} (n = ${source.site.nodes.length}, t = ${source.site.threshold}) and site ${target.site.name} (n = ${target.site.nodes.length}, t = ${target.site.threshold}) differ; keys move only between sites of the same n and t`, 'sites-differ');
  }
  const [sourceLists, targetLists] = await Promise.all([readLists(source, 'source', options.signal), readLists(target, 'target', options.signal)]);
  const plan = planMigration(sourceLists, targetLists, { move: options.move ?? false, ...(options.keyIds ? { keyIds: options.keyIds } : {}) });
  if (options.checkExport && plan.keys.some((k) => k.action === 'copy')) {
    try {
      await exportTargets(source, target, options.signal);
    } catch (e) {
      if (!(e instanceof MigrateError)) throw e;
      plan.exportRefusal = { message: e.message, ...(e.site ? { site: e.site } : {}), ...(e.node !== undefined ? { node: e.node } : {}) };
    }
  }
  return plan;
}

/** Copy (or move) keys from `source` to `target`, keeping their IDs; see the top of this file. */
export async function migrateKeys(source: SiteClient, target: SiteClient, options: MigrateOptions = {}): Promise<MigrateReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const move = options.move ?? false;
  const batchSize = options.batchSize ?? DEFAULT_MIGRATE_BATCH;
  const { signal } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_KEYS) throw new RangeError(`batchSize must be 1–${MAX_BATCH_KEYS}; got ${batchSize}`);
  // The signal only ends the run between batches: the first reads always finish.
  const plan = await readMigratePlan(source, target, { move, ...(options.keyIds ? { keyIds: options.keyIds } : {}) });
  options.onPlan?.(plan);

  const results: MigrateKeyResult[] = [];
  const work = plan.keys.filter((k) => k.action === 'copy' || k.action === 'finish-move');
  const batches: PlannedKey[][] = [];
  for (let i = 0; i < work.length; i += batchSize) batches.push(work.slice(i, i + batchSize));
  const progress: MigrateProgress = { phase: 'read', total: plan.keys.length, copied: 0, moved: 0, skipped: 0, conflicts: 0, failed: 0, batch: 0, batches: batches.length, keysPerSecond: 0 };
  const publish = (phase: MigratePhase) => {
    progress.phase = phase;
    const elapsed = (now() - started) / 1000;
    const finished = results.length;
    progress.keysPerSecond = elapsed > 0 ? Math.round((finished / elapsed) * 10) / 10 : 0;
    const left = plan.keys.length - finished;
    if (progress.keysPerSecond > 0 && progress.batch > 0) progress.secondsLeft = Math.round((left / progress.keysPerSecond) * 10) / 10;
    options.onProgress?.({ ...progress });
  };
  const report = (r: MigrateKeyResult) => {
    results.push(r);
    if (r.status === 'copied') progress.copied++;
    else if (r.status === 'moved') progress.moved++;
    else if (r.status === 'skipped') progress.skipped++;
    else if (r.status === 'conflict') progress.conflicts++;
    else progress.failed++;
    options.onKey?.(r);
  };
  for (const k of plan.keys) {
    if (k.action === 'skip') report({ keyId: k.keyId, status: 'skipped', reason: k.reason!, message: k.message!, ...(k.publicKey ? { publicKey: k.publicKey } : {}) });
    else if (k.action === 'conflict') report({ keyId: k.keyId, status: 'conflict', reason: 'conflict', message: k.message! });
    else if (k.action === 'refuse') report({ keyId: k.keyId, status: 'failed', reason: k.reason!, message: k.message!, ...(k.publicKey ? { publicKey: k.publicKey } : {}) });
  }
  publish('read');

  let stopped: string | undefined;
  const targets = work.some((k) => k.action === 'copy') ? await exportTargets(source, target) : [];
  const exportOf = (batch: readonly PlannedKey[]) => {
    const copies = batch.filter((k) => k.action === 'copy');
    return copies.length === 0 ? Promise.resolve(undefined) : exportBatch(source, copies.map((k) => k.keyId), targets);
  };
  let pending = batches.length > 0 && !signal?.aborted ? exportOf(batches[0]!) : undefined;
  for (const [b, batch] of batches.entries()) {
    if (b === 0 && signal?.aborted) {
      stopped = 'stopped before the first batch';
      break;
    }
    progress.batch = b + 1;
    if (batch.some((k) => k.action === 'copy')) publish('export');
    const exported = await pending;
    // The next batch's export runs on the source while this one is imported on the target.
    pending = b + 1 < batches.length && !signal?.aborted ? exportOf(batches[b + 1]!) : undefined;
    pending?.catch(() => undefined);

    const byId = new Map(batch.map((k) => [k.keyId, k]));
    const toCheck: PlannedKey[] = batch.filter((k) => k.action === 'finish-move');
    if (exported !== undefined) {
      const bundles = [];
      for (const r of exported.results) {
        const k = byId.get(r.keyId)!;
        if (r.status === 'done' && r.bundle) bundles.push(r.bundle);
        else report(failedFrom(k, r, source.site.name, 'export'));
      }
      publish('import');
      const imported = bundles.length === 0 ? { results: [] } : await importBatch(target, bundles);
      for (const r of imported.results) {
        const k = byId.get(r.keyId)!;
        if (r.status === 'failed') report(failedFrom(k, r, target.site.name, 'import'));
        else toCheck.push(k);
      }
      // A session that failed as a whole (a node down, out of time) would fail the next batch the same way.
      const whole = (run: SiteRun | undefined, client: SiteClient, what: string) => (run !== undefined && run.outcome !== 'done' ? `batch ${b + 1}'s ${what} on ${client.site.name} failed as a whole: ${runFailureSentence(run, client.site)}` : undefined);
      stopped = whole(exported.run, source, 'export') ?? whole('run' in imported ? imported.run : undefined, target, 'import');
    }

    publish('verify');
    const keep = move ? `nothing deleted on ${source.site.name}; run the same migrate again once it answers` : 'run the same migrate again once it answers';
    const checks = await verifyOnTarget(target, toCheck, keep);
    const deletable: PlannedKey[] = [];
    for (const k of toCheck) {
      const v = checks.get(k.keyId)!;
      if (!v.ok) report({ keyId: k.keyId, status: 'failed', reason: v.reason, message: v.message, site: target.site.name, ...(v.node !== undefined ? { node: v.node } : {}), ...(k.publicKey ? { publicKey: k.publicKey } : {}) });
      else if (!move) report({ keyId: k.keyId, status: 'copied', ...(k.publicKey ? { publicKey: k.publicKey } : {}) });
      else deletable.push(k);
    }
    if (move && deletable.length > 0) {
      publish('delete');
      await eachLimited(deletable, 8, async (k) => {
        if (k.noCopy) {
          const flagged = await carryNoCopy(target, k.keyId);
          if (!flagged.ok) return report({ keyId: k.keyId, status: 'failed', reason: flagged.reason, message: flagged.message, site: target.site.name, ...(flagged.node !== undefined ? { node: flagged.node } : {}) });
        }
        report(await deleteOnSource(source, k, target.site.name));
      });
    }
    const unchecked = [...checks.values()].find((v) => !v.ok && v.reason === 'unreachable');
    if (stopped === undefined && unchecked && !unchecked.ok) stopped = unchecked.message;
    if (stopped !== undefined) break;
    if (signal?.aborted && b + 1 < batches.length) {
      stopped = `stopped after batch ${b + 1} of ${batches.length}`;
      break;
    }
  }
  await pending?.catch(() => undefined);
  publish('done');

  const reached = new Set(results.map((r) => r.keyId));
  const unfinished = [...results.filter((r) => r.status === 'failed' && !HAND_WORK.has(r.reason ?? '')).map((r) => r.keyId), ...plan.keys.filter((k) => !reached.has(k.keyId)).map((k) => k.keyId)];
  // Results in plan order.
  const order = new Map(plan.keys.map((k, i) => [k.keyId, i]));
  results.sort((a, b) => order.get(a.keyId)! - order.get(b.keyId)!);
  return { from: source.site.name, to: target.site.name, move, plan, results, progress: { ...progress }, ...(stopped ? { stopped } : {}), unfinished };
}

const REPORT_COLUMNS = ['keyId', 'status', 'reason', 'message', 'site', 'node', 'publicKey'] as const;

/** A line of the per-key report: a key's result, or a planned key the run never reached. */
export type MigrateReportRow = MigrateKeyResult | { keyId: string; status: 'not-reached'; reason: 'not-reached'; message: string };

/** Every planned key once, in plan order: its result, or "not reached" with why the run stopped. */
export function migrateReportRows(report: Pick<MigrateReport, 'plan' | 'results' | 'stopped'>): MigrateReportRow[] {
  const byId = new Map(report.results.map((r) => [r.keyId, r]));
  const why = `the run stopped before this key (${report.stopped ?? 'interrupted'}); running the same migrate again takes it`;
  return report.plan.keys.map((k) => byId.get(k.keyId) ?? { keyId: k.keyId, status: 'not-reached', reason: 'not-reached', message: why });
}

/** The per-key report as CSV (RFC 4180). */
export const migrateReportToCsv = (rows: readonly MigrateReportRow[]): string => csvTable(REPORT_COLUMNS, rows);

/** The per-key report as JSON: {"format": "keyferry-migrate-report/1", "keys": [...]}. */
export const migrateReportToJson = (rows: readonly MigrateReportRow[]): string => jsonTable('keyferry-migrate-report/1', REPORT_COLUMNS, rows);
