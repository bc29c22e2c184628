// Moving keys to the fail-over site (issue 11), the one entry point the console's wizard
// and `keyferry pair sync|canary` use: the sync copies the keys main holds and the
// fail-over site lacks, one after another, reporting progress after each. What to copy is
// read from the nodes first (key-sync.ts compares the sites), so a sync that was cut short
// is simply run again: keys already there are skipped, a key ID the fail-over site uses
// for another key is a conflict and never touched. One key is copied by key-copy.ts; the
// throw-away check of the whole path is canary.ts.
import { compareSiteKeys, type KeySync } from './key-sync.ts';
import { copyKey, type CopyOptions, type KeyCopy } from './key-copy.ts';
import type { NodeKey } from './keys.ts';
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
  /** The key being copied now; undefined between keys and at the end. */
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
  keys: Array<{ keyId: string; action: 'copy' | 'skip' | 'conflict'; conflictMessage?: string }>;
}

/**
 * The plan from the sites' key lists: every key ID main holds (or the ones asked for),
 * sorted; those on every node of both sites with one public key are skipped, key IDs the
 * sites use for different keys are conflicts, the rest are copied (copyKey reads them
 * again and words what is half-held). Pure.
 */
export function planSync(keys: KeySync, mainKeyIds: readonly string[], names: { main: string; failover: string }, keyIds?: readonly string[]): SyncPlan {
  const wanted = [...new Set(keyIds ?? mainKeyIds)].sort();
  const same = new Set(keys.same);
  const conflicts = new Map(keys.conflicts.map((c) => [c.keyId, c]));
  return {
    keys: wanted.map((keyId) => {
      if (same.has(keyId)) return { keyId, action: 'skip' as const };
      const c = conflicts.get(keyId);
      if (c !== undefined && c.main.length === 1 && c.failover.length > 0) {
        return {
          keyId,
          action: 'conflict' as const,
          conflictMessage: `key ID ${keyId} is used on site ${names.failover} for another key (public key …${c.failover.find((pk) => pk !== c.main[0])!.slice(-16)}, ${names.main}'s is …${c.main[0]!.slice(-16)}); it is never overwritten — resolve it by hand`,
        };
      }
      return { keyId, action: 'copy' as const };
    }),
  };
}

/** The progress after `results` (in plan order), `elapsedMs` into the sync. Pure. */
export function syncProgress(plan: SyncPlan, results: readonly KeyCopy[], elapsedMs: number, current?: string): SyncProgress {
  const count = (o: KeyCopy['outcome']) => results.filter((r) => r.outcome === o).length;
  const copies = results.filter((r, i) => plan.keys[i]?.action === 'copy');
  const toCopy = plan.keys.slice(results.length).filter((k) => k.action === 'copy').length;
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

/** Each node's key list; undefined when a node could not be read (copyKey then names it per key). */
async function keyLists(client: SiteClient): Promise<Array<{ index: number; keys: NodeKey[] }> | undefined> {
  const answers = await client.eachNode((apis, node, signal) => apis.keys.list(node, signal));
  if (answers.some((a) => !a.ok)) return undefined;
  return answers.map((a) => ({ index: a.node.index, keys: a.ok ? a.value : [] }));
}

/** The key IDs any reachable main node holds (to know what to copy when a node is down). */
async function mainKeyIdsAnyNode(main: SiteClient): Promise<string[]> {
  const answers = await main.eachNode((apis, node, signal) => apis.keys.list(node, signal));
  const ok = answers.filter((a) => a.ok);
  if (ok.length === 0) throw (answers[0] as { error: Error }).error;
  return [...new Set(ok.flatMap((a) => (a.ok ? a.value.map((k) => k.keyId) : [])))];
}

export interface SyncOptions {
  keyIds?: readonly string[];
  /** Stops the sync after the key being copied (never in the middle of one). */
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Passed to every copy (join policy, clock). */
  copy?: Pick<CopyOptions, 'policy' | 'now'>;
}

/** Copy the keys missing on fail-over (all, or `keyIds`), one after another; state read from the nodes first, so it resumes and is idempotent. */
export async function syncKeys(main: SiteClient, failover: SiteClient, options: SyncOptions = {}): Promise<SyncProgress> {
  const now = options.copy?.now ?? Date.now;
  const started = now();
  const [mainLists, failoverLists] = await Promise.all([keyLists(main), keyLists(failover)]);
  const names = { main: main.site.name, failover: failover.site.name };
  let plan: SyncPlan;
  if (mainLists !== undefined && failoverLists !== undefined) {
    const mainIds = [...new Set(mainLists.flatMap((n) => n.keys.map((k) => k.keyId)))];
    plan = planSync(compareSiteKeys({ nodes: mainLists }, { nodes: failoverLists }), mainIds, names, options.keyIds);
  } else {
    // A node could not be read: every key is left to copyKey, which names the node.
    const ids = options.keyIds ?? (await mainKeyIdsAnyNode(main));
    plan = { keys: [...new Set(ids)].sort().map((keyId) => ({ keyId, action: 'copy' as const })) };
  }

  const results: KeyCopy[] = [];
  const publish = (current?: string) => options.onProgress?.(syncProgress(plan, results, now() - started, current));
  for (const step of plan.keys) {
    if (options.signal?.aborted) break;
    publish(step.keyId);
    const t0 = now();
    if (step.action === 'skip') results.push({ keyId: step.keyId, outcome: 'skipped', ms: now() - t0 });
    else if (step.action === 'conflict') {
      results.push({ keyId: step.keyId, outcome: 'conflict', ms: now() - t0, failure: { keyId: step.keyId, site: failover.site.name, node: null, reason: 'conflict', message: step.conflictMessage! } });
    } else results.push(await copyKey(main, failover, step.keyId, { ...options.copy }));
    publish();
  }
  return syncProgress(plan, results, now() - started);
}
