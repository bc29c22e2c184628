// Batch sessions from the SDK side (issue 13): up to MAX_BATCH_KEYS keys imported or
// exported in one session, the nodes agreeing once and exchanging one message per peer per
// round for the whole list (docs/protocol.md "Batch sessions"). A key's outcome is read
// from every node's view: done only when every node stored (or exported) it; failed with
// the node's own sentence otherwise. A failure of the whole session (a node down,
// refusing, or out of time) fails every key with the session's sentence. Used by bulk
// import, migrate and the pairing sync.
import { BUNDLE_FORMAT, validateBundle, type Bundle } from '../crypto/bundle.ts';
import { toBase64 } from '../crypto/bytes.ts';
import { MAX_BATCH_KEYS, type BatchKeyOutcome, type JoinSession, type SessionView } from '../protocol/session.ts';
import type { ExportTarget } from './export-plan.ts';
import { runFailureSentence } from './failure-words.ts';
import type { SiteRun } from './run-session.ts';
import { newSessionId } from './session-id.ts';
import type { SiteClient } from './site-client.ts';

export { MAX_BATCH_KEYS };

export interface BatchKeyResult {
  keyId: string;
  status: 'done' | 'already-present' | 'failed';
  /** base64 DER SPKI */
  publicKey?: string;
  /** A session failure code (unwrap-failed, key-exists, verification-failed, timeout, …) or invalid-bundle. */
  reason?: string;
  /** One sentence naming the key, the node and why. */
  message?: string;
  node?: number;
}

export interface BatchOptions {
  signal?: AbortSignal;
  /** The nodes' join timeout (ms), as for a single session. */
  timeoutMs?: number;
  onProgress?: (run: SiteRun) => void;
  /** Session ID to use (default: a fresh one). */
  sessionId?: string;
}

export interface BatchRun<R> {
  sessionId: string;
  results: R[];
  run?: SiteRun;
}

function checkSize(count: number): void {
  if (count > MAX_BATCH_KEYS) throw new RangeError(`a batch session carries at most ${MAX_BATCH_KEYS} keys, got ${count}; cut the list into batches`);
}

/** One import session for the bundles (each with keyId set and one share per node of the site). */
export async function importBatch(site: SiteClient, bundles: readonly Bundle[], options: BatchOptions = {}): Promise<BatchRun<BatchKeyResult>> {
  checkSize(bundles.length);
  const sessionId = options.sessionId ?? newSessionId();
  const indexes = site.site.nodes.map((n) => n.index);
  const refused = new Map<number, BatchKeyResult>();
  for (const [i, b] of bundles.entries()) {
    const keyId = b.keyId ?? `(bundle ${i + 1})`;
    const missing = indexes.filter((index) => !b.shares.some((s) => s.index === index));
    if (b.keyId === undefined) refused.set(i, { keyId, status: 'failed', reason: 'invalid-bundle', message: `bundle ${i + 1} has no keyId; a batch imports every key under its own ID` });
    else if (missing.length > 0) refused.set(i, { keyId, status: 'failed', reason: 'invalid-bundle', message: `key ${keyId} has no share for node ${missing.join(', ')} of site ${site.site.name}` });
    else if (b.threshold !== site.site.threshold) refused.set(i, { keyId, status: 'failed', reason: 'invalid-bundle', message: `key ${keyId} was split with threshold ${b.threshold}; site ${site.site.name} has threshold ${site.site.threshold}` });
  }
  const going = bundles.filter((_, i) => !refused.has(i));
  if (going.length === 0) return { sessionId, results: [...refused.values()] };
  const requestFor = (index: number): JoinSession => ({
    sessionId,
    kind: 'import',
    parameters: {
      keys: going.map((b) => {
        const share = b.shares.find((s) => s.index === index)!;
        return {
          keyId: b.keyId!,
          curve: b.curve,
          threshold: b.threshold,
          publicKey: toBase64(b.publicKey),
          share: {
            wrappedShare: toBase64(share.wrappedShare),
            ...(share.wrappedChainCode ? { wrappedChainCode: toBase64(share.wrappedChainCode) } : {}),
            wrappingKeyFingerprint: share.wrappingKeyFingerprint,
          },
        };
      }),
    },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const run = await runBatch(site, requestFor, options);
  const merged = mergeOutcomes(site, run, going.map((b) => b.keyId!));
  let k = 0;
  return { sessionId, run, results: bundles.map((_, i) => refused.get(i) ?? stripped(merged[k++]!)) };
}

/** One export session for the keys, each share wrapped under targets[i - 1] for node i. */
export async function exportBatch(
  site: SiteClient,
  keyIds: readonly string[],
  targets: readonly ExportTarget[],
  options: BatchOptions = {},
): Promise<BatchRun<BatchKeyResult & { bundle?: Bundle }>> {
  checkSize(keyIds.length);
  const sessionId = options.sessionId ?? newSessionId();
  if (keyIds.length === 0) return { sessionId, results: [] };
  const request: JoinSession = {
    sessionId,
    kind: 'export',
    parameters: { keyIds: [...keyIds], wrappingKeys: targets.map((t) => t.spki) },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
  const run = await runBatch(site, () => request, options);
  const merged = mergeOutcomes(site, run, keyIds);
  return {
    sessionId,
    run,
    results: merged.map((m) => {
      const result = stripped(m);
      if (result.status !== 'done') return result;
      try {
        return { ...result, bundle: assembleBatchBundle(m, targets, site.site.threshold) };
      } catch (e) {
        return { ...result, status: 'failed' as const, reason: 'invalid-result', message: `key ${m.keyId}: ${(e as Error).message}` };
      }
    }),
  };
}

/** How long a node may hold a read of a batch session waiting for a change: well under the request timeout. */
const BATCH_WAIT_MS = 2000;

function runBatch(site: SiteClient, requestFor: (index: number) => JoinSession, options: BatchOptions): Promise<SiteRun> {
  return site.runSession(requestFor, {
    stopOnRefusal: true,
    // A node gone mid-batch: say so at once rather than after the batch's (long) deadline.
    stopOnLoss: true,
    // Each node answers as soon as its view of the batch changes (a long poll), so the next
    // batch starts the moment this one ends, with a handful of reads per node and batch.
    waitMs: BATCH_WAIT_MS,
    pollMs: 100,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

interface Merged extends BatchKeyResult {
  /** Each node's outcome for the key, by node index (export: their shares). */
  perNode: Map<number, BatchKeyOutcome>;
}

const stripped = ({ perNode: _p, ...result }: Merged): BatchKeyResult => result;

/** Every key's outcome across the nodes' final views, in batch order. */
function mergeOutcomes(site: SiteClient, run: SiteRun, keyIds: readonly string[]): Merged[] {
  const views = run.nodes.map((n) => n.view).filter((v): v is SessionView => v !== undefined);
  const finished = run.outcome === 'done' && views.length === site.site.nodes.length && views.every((v) => v.batch?.outcomes?.length === keyIds.length);
  if (!finished) {
    const sentence = runFailureSentence(run, { name: site.site.name, nodes: site.site.nodes });
    const lead = run.nodes.find((n) => n.view?.failure)?.view?.failure;
    return keyIds.map((keyId) => ({ keyId, status: 'failed', reason: lead?.reason ?? (run.timedOut ? 'timeout' : 'session-failed'), message: `key ${keyId} was not imported or exported: ${sentence}`, ...(lead?.node !== undefined ? { node: lead.node } : {}), perNode: new Map() }));
  }
  return keyIds.map((keyId, i) => {
    const perNode = new Map(views.map((v) => [v.node, v.batch!.outcomes![i]!] as const));
    const all = [...perNode].sort(([a], [b]) => a - b);
    const wrong = all.find(([, o]) => o.keyId !== keyId);
    if (wrong) return { keyId, status: 'failed', reason: 'invalid-result', message: `node ${wrong[0]} reports key ${wrong[1].keyId} where key ${keyId} was asked for`, node: wrong[0], perNode };
    const failed = all.find(([, o]) => o.status === 'failed');
    const publicKey = all.find(([, o]) => o.publicKey)?.[1].publicKey;
    const base = { keyId, ...(publicKey ? { publicKey } : {}), perNode };
    if (failed) {
      const f = failed[1].failure;
      return { ...base, status: 'failed', reason: f?.reason ?? 'internal', message: `key ${keyId}: ${f?.message ?? `failed on node ${failed[0]}`}`, ...(f?.node !== undefined ? { node: f.node } : { node: failed[0] }) };
    }
    if (new Set(all.map(([, o]) => o.publicKey)).size > 1) return { ...base, status: 'failed', reason: 'invalid-result', message: `the nodes report different public keys for key ${keyId}` };
    return { ...base, status: all.every(([, o]) => o.status === 'already-present') ? 'already-present' : 'done' };
  });
}

/** A key's bundle from every node's share entry, each checked against the wrapping key given for its index. */
function assembleBatchBundle(m: Merged, targets: readonly ExportTarget[], threshold: number): Bundle {
  const shares = [...m.perNode]
    .sort(([a], [b]) => a - b)
    .map(([node, o]) => {
      const share = o.share;
      if (!share) throw new Error(`node ${node} reports done without its wrapped share`);
      if (share.index !== node) throw new Error(`node ${node} returned a share for index ${share.index}`);
      if (share.wrappingKeyFingerprint !== targets[node - 1]?.fingerprint) throw new Error(`node ${node} wrapped its share for another wrapping key than the one given for node ${node}`);
      return share;
    });
  const first = [...m.perNode.values()][0]!;
  return validateBundle({ format: BUNDLE_FORMAT, curve: first.curve, threshold, publicKey: first.publicKey, keyId: m.keyId, shares }, 'bundle');
}
