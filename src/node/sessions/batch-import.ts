// A batch import: up to MAX_BATCH_KEYS keys in one session. The nodes agree once, on the
// digest of the whole list (key ID, curve, threshold and public key of every key, in
// order); each node unwraps its shares in parallel (Web Crypto's RSA runs on libuv's
// thread pool) and tells the others, per key, whether it can go on; then the batch is
// re-randomized and confirmed in one message per peer per round (batch-steps.ts), and
// each node stores the keys that passed everywhere. A key that fails — a share not
// wrapped for a node, a key ID held with another public key, a sub-share or public share
// that does not check out — fails alone on every node, and is stored nowhere.
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { bytesToBigint, fromBase64, toBase64, toHex, utf8, wipe } from '../../crypto/bytes.ts';
import { getCurve, type CurveName } from '../../crypto/curves.ts';
import { parseSpki } from '../../crypto/public-key.ts';
import { rsaOaepDecrypt } from '../../crypto/rsa-oaep.ts';
import { SessionFailureInfo, type BatchKeyOutcome, type ImportBatchParameters, type ImportShare } from '../../protocol/session.ts';
import type { SharePublicKey } from '../key-shares.ts';
import { eachLimited, settle } from './batch-outcomes.ts';
import { rerandomizeAndConfirm, type BatchFailures, type LiveKey } from './batch-steps.ts';
import type { FailureInfo } from './failure.ts';
import { JoinRefused, type BatchRunner } from './kinds.ts';

type Agreed = { keys: number; digest: string; threshold: number };

interface BatchItem {
  keyId: string;
  curve: CurveName;
  publicKey: SharePublicKey;
  share: z.infer<typeof ImportShare>;
}

/** Per key, what a node found before the rounds: it can go on (with its chain code's hash, and whether it holds the key already) or why not. */
const KeyReady = z.union([z.object({ ok: z.literal(true), chainCodeHash: z.string().nullable(), present: z.boolean() }), z.object({ ok: z.literal(false), failure: SessionFailureInfo })]);
const BatchReady = z.object({ keys: z.array(KeyReady) });
type BatchReady = z.infer<typeof BatchReady>;

const unwrapped = new WeakMap<object, Map<number, { share: Uint8Array; chainCode?: Uint8Array }>>();

/** The digest every node of the site must compute alike from its own copy of the list. */
export function batchDigest(entries: readonly unknown[]): string {
  return toHex(sha256(utf8(JSON.stringify(entries))));
}

export const importBatchRunner: BatchRunner<z.infer<typeof ImportBatchParameters>, Agreed, BatchItem[], BatchReady> = {
  prepare(ctx, _sessionId, p) {
    const seen = new Map<string, number>();
    const items = p.keys.map((k, i): BatchItem => {
      const field = `parameters.keys.${i}`;
      const first = seen.get(k.keyId);
      if (first !== undefined) throw new JoinRefused(`key ${k.keyId} is in the batch twice (keys ${first} and ${i}); give each key once`, `${field}.keyId`);
      seen.set(k.keyId, i);
      if (k.threshold !== ctx.config.threshold) {
        throw new JoinRefused(`key ${k.keyId}: this site's threshold is ${ctx.config.threshold}; a key shared with threshold ${k.threshold} cannot be imported here`, `${field}.threshold`);
      }
      const curve = getCurve(k.curve);
      let pub;
      try {
        pub = parseSpki(fromBase64(k.publicKey), `${field}.publicKey`);
      } catch (e) {
        throw new JoinRefused(e instanceof Error ? e.message : String(e), `${field}.publicKey`);
      }
      if (pub.algorithm === 'RSA' || pub.curve !== curve.name) throw new JoinRefused(`key ${k.keyId}: its publicKey is not a ${curve.name} public key`, `${field}.publicKey`);
      return { keyId: k.keyId, curve: curve.name, publicKey: pub, share: k.share };
    });
    const digest = batchDigest(items.map((k) => [k.keyId, k.curve, ctx.config.threshold, toBase64(k.publicKey.der)]));
    return { agreed: { keys: items.length, digest, threshold: ctx.config.threshold }, local: items };
  },

  keyIds: (s) => s.local.map((k) => k.keyId),

  ready: BatchReady,

  async precheck(ctx, s, blocked) {
    const me = s.node;
    const opened = new Map<number, { share: Uint8Array; chainCode?: Uint8Array }>();
    unwrapped.set(s, opened);
    const keys: BatchReady['keys'] = new Array(s.local.length);
    const active = ctx.wrappingKeys.active().fingerprint;
    await eachLimited(s.local, 32, async (item, i) => {
      const refuse = (reason: FailureInfo['reason'], message: string) => (keys[i] = { ok: false, failure: { reason, message, node: me } });
      const holder = blocked.get(item.keyId);
      if (holder !== undefined) return refuse('key-exists', `node ${me} is already running session ${holder} for key ${item.keyId}; run one session per key ID at a time`);
      const existing = ctx.keys.get(item.keyId);
      if (existing && existing.publicKey !== toBase64(item.publicKey.der)) return refuse('key-exists', `node ${me} already holds key ${item.keyId} with a different public key`);
      // Held already with this public key: nothing will be stored, whatever the others say.
      if (existing) return (keys[i] = { ok: true, chainCodeHash: null, present: true });
      const fp = item.share.wrappingKeyFingerprint ?? active;
      const key = await ctx.wrappingKeys.decryptKey(fp);
      if (!key) return refuse('unwrap-failed', `node ${me} has no usable wrapping key with fingerprint ${fp.slice(0, 16)}… for key ${item.keyId} (retired or never its own)`);
      let share: Uint8Array;
      let chainCode: Uint8Array | undefined;
      try {
        share = await rsaOaepDecrypt(key, fromBase64(item.share.wrappedShare));
        if (item.share.wrappedChainCode) chainCode = await rsaOaepDecrypt(key, fromBase64(item.share.wrappedChainCode));
      } catch {
        return refuse('unwrap-failed', `node ${me} cannot unwrap its share of key ${item.keyId}: it was not wrapped for node ${me}'s wrapping key`);
      }
      const curve = getCurve(item.curve);
      if (share.length !== curve.scalarBytes || bytesToBigint(share) >= curve.order) {
        wipe(share, chainCode);
        return refuse('unwrap-failed', `node ${me}'s share of key ${item.keyId} does not decrypt to a ${curve.scalarBytes}-byte ${curve.name} scalar`);
      }
      if (chainCode && chainCode.length !== 32) {
        wipe(share, chainCode);
        return refuse('unwrap-failed', `node ${me}'s chain code of key ${item.keyId} is not 32 bytes`);
      }
      opened.set(i, chainCode ? { share, chainCode } : { share });
      keys[i] = { ok: true, chainCodeHash: chainCode ? toHex(sha256(chainCode)) : null, present: false };
    });
    return { keys };
  },

  cleanup(s) {
    for (const left of unwrapped.get(s)?.values() ?? []) wipe(left.share, left.chainCode);
    unwrapped.delete(s);
  },

  async run(ctx, io, s, ready, ec): Promise<BatchKeyOutcome[]> {
    const opened = unwrapped.get(s) ?? new Map();
    const failures: BatchFailures = new Map();
    const present = new Set<number>();
    const live: LiveKey[] = [];
    for (const [i, item] of s.local.entries()) {
      const verdict = settle([...ready].map(([node, r]) => [node, r.keys[i]] as const), item.keyId);
      if (verdict.failure) failures.set(i, verdict.failure);
      else if (verdict.present === 'all') present.add(i);
      else if (verdict.present === 'some') failures.set(i, { reason: 'key-exists', message: `key ${item.keyId} exists on some nodes of the site but not all; delete it there or import under another key ID` });
      else {
        const mine = opened.get(i);
        if (!mine) failures.set(i, { reason: 'internal', message: `node ${s.node} lost its unwrapped share of key ${item.keyId}` });
        else live.push({ position: i, keyId: item.keyId, curve: item.curve, share: mine.share, publicPoint: item.publicKey.point });
      }
    }
    const fresh = await rerandomizeAndConfirm(io, s, ec, { n: ctx.config.players, t: ctx.config.threshold }, live, failures);
    const stored = new Set<number>();
    try {
      const order = [...fresh.keys()];
      const results = await ctx.keys.storeMany(
        order.map((i) => {
          const item = s.local[i]!;
          const chainCode = opened.get(i)?.chainCode;
          return { keyId: item.keyId, curve: item.curve, publicKey: item.publicKey, share: fresh.get(i)!, ...(chainCode ? { chainCode } : {}), origin: `import session ${s.id}` };
        }),
      );
      for (const [k, r] of results.entries()) {
        const i = order[k]!;
        if (r instanceof Error) failures.set(i, { reason: 'internal', message: `node ${s.node} could not store key ${s.local[i]!.keyId}: ${r.message}`, node: s.node });
        else stored.add(i);
      }
    } finally {
      for (const share of fresh.values()) wipe(share);
    }
    return s.local.map((item, i): BatchKeyOutcome => {
      const known = { keyId: item.keyId, curve: item.curve, publicKey: toBase64(item.publicKey.der) };
      if (stored.has(i)) return { ...known, status: 'done' };
      if (present.has(i)) return { ...known, status: 'already-present' };
      return { ...known, status: 'failed', failure: failures.get(i) ?? { reason: 'internal', message: `key ${item.keyId} went missing in the batch` } };
    });
  },
};
