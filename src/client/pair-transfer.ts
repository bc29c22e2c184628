// Moving keys to the fail-over site (issue 11), the one entry point the console's wizard
// and `keyferry pair sync|canary` use. The sync is a copy by migrate.ts (issue 13): the
// keys main holds and the fail-over site lacks go in batch sessions, each copied key
// checked on every fail-over node. What to copy is read from the nodes first, so a sync
// that was cut short is simply run again: keys already there are skipped, a key ID the
// fail-over site uses for another key is a conflict and never touched. Progress comes
// after every key's result. One key alone is copied by key-copy.ts (the canary's path,
// canary.ts).
import { MigrateError, migrateKeys, DEFAULT_MIGRATE_BATCH, type MigrateKeyResult, type PlannedKey } from './migrate.ts';
import type { CopyOptions, KeyCopy } from './key-copy.ts';
import type { SiteClient } from './site-client.ts';

export { copyKey, type CopyFailure, type CopyFailureReason, type CopyOutcome, type CopyPhase, type KeyCopy } from './key-copy.ts';
export { runCanary, type CanaryReport, type CanaryStep, type CanaryStepName } from './canary.ts';

export interface SyncProgress {
  total: number;
  done: number;
  copied: number;
  skipped: number;
  conflicts: number;
  failed: number;
  /** The key whose result comes next; undefined between keys and at the end. */
  current: string | undefined;
  /** Keys done per second since the sync started. */
  keysPerSecond: number;
  /** The keys still to copy times the mean time a copy took so far; undefined before the first copy. */
  secondsLeft: number | undefined;
  results: KeyCopy[];
}

/** What the sync will do with each key, from one read of both sites. */
export interface SyncPlan {
  /** In the order they are worked on. */
  keys: Array<{ keyId: string; action: 'copy' | 'skip' | 'conflict' | 'refuse'; conflictMessage?: string }>;
}

/** The sync's plan from migrate's (a copy: no key is ever deleted, so none is "finish-move"); a conflict keeps its sentence. */
export function syncPlanOf(keys: readonly PlannedKey[]): SyncPlan {
  return { keys: keys.map((k) => ({ keyId: k.keyId, action: k.action === 'finish-move' ? 'copy' : k.action, ...(k.action === 'conflict' && k.message ? { conflictMessage: k.message } : {}) })) };
}

/** The progress after `results` (in plan order), `elapsedMs` into the sync. Pure. */
export function syncProgress(plan: SyncPlan, results: readonly KeyCopy[], elapsedMs: number, current?: string): SyncProgress {
  const count = (o: KeyCopy['outcome']) => results.filter((r) => r.outcome === o).length;
  const copying = new Set(plan.keys.filter((k) => k.action === 'copy').map((k) => k.keyId));
  const copies = results.filter((r) => copying.has(r.keyId));
  const toCopy = copying.size - copies.length;
  const meanCopyMs = copies.length === 0 ? undefined : copies.reduce((sum, r) => sum + r.ms, 0) / copies.length;
  return {
    total: plan.keys.length,
    done: results.length,
    copied: count('copied'),
    skipped: count('skipped'),
    conflicts: count('conflict'),
    failed: count('failed'),
    current,
    keysPerSecond: elapsedMs <= 0 ? 0 : Math.round((results.length / (elapsedMs / 1000)) * 100) / 100,
    secondsLeft: toCopy === 0 ? 0 : meanCopyMs === undefined ? undefined : Math.round((toCopy * meanCopyMs) / 100) / 10,
    results: [...results],
  };
}

/** The key IDs any reachable main node holds (to name what was not copied when a node is down). */
async function mainKeyIdsAnyNode(main: SiteClient): Promise<string[]> {
  const answers = await main.eachNode((apis, node, signal) => apis.keys.list(node, signal));
  return [...new Set(answers.flatMap((a) => (a.ok ? a.value.map((k) => k.keyId) : [])))].sort();
}

export interface SyncOptions {
  keyIds?: readonly string[];
  /** Stops the sync after the batch being copied (never in the middle of one). */
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Keys per batch session (default 250; 1 copies key by key). */
  batchSize?: number;
  /** The clock. */
  copy?: Pick<CopyOptions, 'now'>;
}

function keyCopyOf(r: MigrateKeyResult, ms: number): KeyCopy {
  const outcome = r.status === 'copied' || r.status === 'moved' ? 'copied' : r.status;
  if (outcome === 'copied' || outcome === 'skipped') return { keyId: r.keyId, outcome, ms };
  return { keyId: r.keyId, outcome, ms, failure: { keyId: r.keyId, site: r.site ?? null, node: r.node ?? null, reason: r.reason ?? outcome, message: r.message ?? `key ${r.keyId}: ${outcome}` } };
}

/** Copy the keys missing on fail-over (all, or `keyIds`) in batch sessions; state read from the nodes first, so it resumes and is idempotent. */
export async function syncKeys(main: SiteClient, failover: SiteClient, options: SyncOptions = {}): Promise<SyncProgress> {
  const now = options.copy?.now ?? Date.now;
  const started = now();
  let plan: SyncPlan = { keys: [] };
  const results: KeyCopy[] = [];
  const publish = (current?: string) => options.onProgress?.(syncProgress(plan, results, now() - started, current));
  // A key's time is its share of its batch's.
  const batchSize = options.batchSize ?? DEFAULT_MIGRATE_BATCH;
  let batchStarted = started;
  let batchKeys = 1;
  let work: string[] = [];
  const add = (r: KeyCopy) => {
    publish(r.keyId);
    results.push(r);
    publish();
  };
  let stopped: string | undefined;
  try {
    const report = await migrateKeys(main, failover, {
      ...(options.keyIds ? { keyIds: options.keyIds } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      batchSize,
      now,
      onPlan: (p) => {
        plan = syncPlanOf(p.keys);
        work = p.keys.filter((k) => k.action === 'copy').map((k) => k.keyId);
      },
      onProgress: (p) => {
        if (p.phase !== 'export') return;
        batchStarted = now();
        batchKeys = work.slice((p.batch - 1) * batchSize, p.batch * batchSize).length || 1;
      },
      onKey: (r) => add(keyCopyOf(r, r.status === 'copied' || r.status === 'failed' ? Math.round((now() - batchStarted) / batchKeys) : 0)),
    });
    stopped = report.stopped === undefined || options.signal?.aborted ? undefined : report.stopped;
  } catch (e) {
    if (!(e instanceof MigrateError)) throw e;
    // Nothing could be copied: every key still to copy fails with the reason, naming the node.
    if (plan.keys.length === 0) plan = { keys: (options.keyIds ? [...new Set(options.keyIds)].sort() : await mainKeyIdsAnyNode(main)).map((keyId) => ({ keyId, action: 'copy' as const })) };
    const message = e.reason === 'not-whitelisted' ? `the sites are not paired — ${e.message}` : e.message;
    const reason = e.reason === 'not-whitelisted' ? 'not-paired' : e.reason;
    const reported = new Set(results.map((r) => r.keyId));
    for (const k of plan.keys) {
      if (reported.has(k.keyId)) continue;
      add({ keyId: k.keyId, outcome: 'failed', ms: 0, failure: { keyId: k.keyId, site: e.site ?? null, node: e.node ?? null, reason, message: `key ${k.keyId}: ${message}` } });
    }
  }
  // A batch session that failed as a whole stops the copy: the keys not reached fail with its sentence.
  if (stopped !== undefined) {
    const reported = new Set(results.map((r) => r.keyId));
    for (const k of plan.keys) if (!reported.has(k.keyId)) add({ keyId: k.keyId, outcome: 'failed', ms: 0, failure: { keyId: k.keyId, site: failover.site.name, node: null, reason: 'not-reached', message: `key ${k.keyId} was not copied: ${stopped}` } });
  }
  const order = new Map(plan.keys.map((k, i) => [k.keyId, i]));
  results.sort((a, b) => (order.get(a.keyId) ?? 0) - (order.get(b.keyId) ?? 0));
  return syncProgress(plan, results, now() - started);
}
