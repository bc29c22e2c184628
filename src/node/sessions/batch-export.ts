// A batch export: up to MAX_BATCH_KEYS keys leave in one session, every share wrapped
// under the same per-node wrapping keys. The whitelist is enforced once (the wrapping key
// is the same for every key); each node then says, per key, whether it holds it; the
// batch is re-randomized and confirmed in one message per peer per round
// (batch-steps.ts); each node wraps its fresh share of every key that passed. A key that
// fails — not held by some node, a check that does not pass — fails alone; stored shares
// are never changed.
import { z } from 'zod';
import { fromBase64, toBase64, wipe } from '../../crypto/bytes.ts';
import type { CurveName } from '../../crypto/curves.ts';
import { fingerprint, parseSpki, parseWrappingKey } from '../../crypto/public-key.ts';
import { importRsaEncryptKey, rsaOaepEncryptWith } from '../../crypto/rsa-oaep.ts';
import { SessionFailureInfo, type BatchKeyOutcome, type ExportBatchParameters } from '../../protocol/session.ts';
import { batchDigest } from './batch-import.ts';
import { eachLimited, settle } from './batch-outcomes.ts';
import { rerandomizeAndConfirm, type BatchFailures, type LiveKey } from './batch-steps.ts';
import { enforceExportWhitelist } from './export-admission.ts';
import { fail, SessionFailed } from './failure.ts';
import { JoinRefused, type BatchRunner } from './kinds.ts';

type Agreed = { keys: number; digest: string; wrappingKeys: string[] };

const KeyReady = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), failure: SessionFailureInfo })]);
const BatchReady = z.object({ keys: z.array(KeyReady) });
type BatchReady = z.infer<typeof BatchReady>;

/** A key this node opened for the batch: its share and chain code in the clear until the session ends. */
interface Opened {
  curve: CurveName;
  publicKey: string;
  publicPoint: Uint8Array;
  share: Uint8Array;
  chainCode?: Uint8Array;
}

const opened = new WeakMap<object, Map<number, Opened>>();

export const exportBatchRunner: BatchRunner<z.infer<typeof ExportBatchParameters>, Agreed, string[], BatchReady> = {
  prepare(ctx, _sessionId, p) {
    if (p.wrappingKeys.length !== ctx.config.players) {
      throw new JoinRefused(`this site has ${ctx.config.players} nodes; give exactly one wrapping key per node, got ${p.wrappingKeys.length}`, 'parameters.wrappingKeys');
    }
    const seen = new Map<string, number>();
    for (const [i, keyId] of p.keyIds.entries()) {
      const first = seen.get(keyId);
      if (first !== undefined) throw new JoinRefused(`key ${keyId} is in the batch twice (keyIds ${first} and ${i}); give each key once`, `parameters.keyIds.${i}`);
      seen.set(keyId, i);
    }
    return { agreed: { keys: p.keyIds.length, digest: batchDigest(p.keyIds), wrappingKeys: p.wrappingKeys }, local: p.keyIds };
  },

  keyIds: () => [],

  ready: BatchReady,

  async precheck(ctx, s) {
    const me = s.node;
    enforceExportWhitelist(ctx.repo.getExportConfig()!, me, mine(s.agreed, me));
    // Opened here, before "ready", so that every node re-randomizes the same list of keys.
    const held = new Map<number, Opened>();
    opened.set(s, held);
    const keys: BatchReady['keys'] = new Array(s.local.length);
    await eachLimited(s.local, 32, async (keyId, i) => {
      const missing = { ok: false as const, failure: { reason: 'key-not-found' as const, message: `node ${me} holds no key ${keyId}`, node: me } };
      let share: Awaited<ReturnType<typeof ctx.keys.openShare>>;
      try {
        share = await ctx.keys.openShare(keyId);
      } catch (e) {
        // A key this node will not hand to a session (a disabled noCopy key) fails alone.
        if (e instanceof SessionFailed) return (keys[i] = { ok: false, failure: e.info });
        throw e;
      }
      if (!share) return (keys[i] = missing);
      const pub = parseSpki(fromBase64(share.key.publicKey));
      if (pub.algorithm === 'RSA') {
        wipe(share.share, share.chainCode);
        return (keys[i] = { ok: false, failure: { reason: 'internal', message: `node ${me}'s stored public key of ${keyId} is not an EC key`, node: me } });
      }
      held.set(i, { curve: share.key.curve as CurveName, publicKey: share.key.publicKey, publicPoint: pub.point, share: share.share, ...(share.chainCode ? { chainCode: share.chainCode } : {}) });
      keys[i] = { ok: true };
    });
    return { keys };
  },

  cleanup(s) {
    for (const key of opened.get(s)?.values() ?? []) wipe(key.share, key.chainCode);
    opened.delete(s);
  },

  async run(ctx, io, s, ready, ec): Promise<BatchKeyOutcome[]> {
    const held = opened.get(s) ?? new Map<number, Opened>();
    const failures: BatchFailures = new Map();
    const live: LiveKey[] = [];
    for (const [i, keyId] of s.local.entries()) {
      const verdict = settle([...ready].map(([node, r]) => [node, r.keys[i]] as const), keyId);
      const key = held.get(i);
      if (verdict.failure) failures.set(i, verdict.failure);
      else if (key) live.push({ position: i, keyId, curve: key.curve, share: key.share, publicPoint: key.publicPoint });
    }
    const fresh = await rerandomizeAndConfirm(io, s, ec, { n: ctx.config.players, t: ctx.config.threshold }, live, failures);
    const shares = new Map<number, NonNullable<BatchKeyOutcome['share']>>();
    try {
      const wrappingKey = parseWrappingKey(mine(s.agreed, s.node));
      const cryptoKey = await importRsaEncryptKey(wrappingKey);
      const wrappingKeyFingerprint = fingerprint(wrappingKey.der);
      await eachLimited([...fresh], 32, async ([i, bytes]) => {
        const chainCode = held.get(i)?.chainCode;
        const entry: NonNullable<BatchKeyOutcome['share']> = { index: s.node, wrappingKeyFingerprint, algorithm: 'RSA-OAEP-SHA256', wrappedShare: toBase64(await rsaOaepEncryptWith(cryptoKey, bytes)) };
        if (chainCode) entry.wrappedChainCode = toBase64(await rsaOaepEncryptWith(cryptoKey, chainCode));
        shares.set(i, entry);
      });
    } finally {
      for (const bytes of fresh.values()) wipe(bytes);
    }
    return s.local.map((keyId, i): BatchKeyOutcome => {
      const key = held.get(i);
      const share = shares.get(i);
      if (key && share && !failures.has(i)) return { keyId, status: 'done', curve: key.curve, publicKey: key.publicKey, share };
      return { keyId, status: 'failed', ...(key ? { curve: key.curve, publicKey: key.publicKey } : {}), failure: failures.get(i) ?? { reason: 'internal', message: `key ${keyId} went missing in the batch` } };
    });
  },
};

/** The wrapping key for node `me`: the request has one per node (checked in prepare). */
function mine(agreed: Agreed, me: number): string {
  const key = agreed.wrappingKeys[me - 1];
  if (key === undefined) fail('internal', `no wrapping key for node ${me}`);
  return key;
}

