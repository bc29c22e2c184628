// Import: each node unwraps its share with its own wrapping key; the nodes agree on key
// ID, curve, threshold, public key and the chain code's hash; then re-randomize, publish
// public shares, and store only if those lie on one degree-t polynomial through the
// public key. An existing key ID is refused unless it holds the same public key. The
// public key is parsed once, when the join arrives, and kept with the session.
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { bytesToBigint, fromBase64, toBase64, toHex, wipe } from '../../crypto/bytes.ts';
import { getCurve, type CurveName } from '../../crypto/curves.ts';
import { parseSpki, type PublicKeyInfo } from '../../crypto/public-key.ts';
import { rsaOaepDecrypt } from '../../crypto/rsa-oaep.ts';
import type { ImportParameters, ImportShare } from '../../protocol/session.ts';
import { fail } from './failure.ts';
import { deriveKeyId, JoinRefused, type KindRunner } from './kinds.ts';
import { confirmPublicShares, rerandomize, scalarBytes } from './shared-steps.ts';

type ImportAgreed = { keyId: string; curve: CurveName; threshold: number; publicKey: string };

interface ImportLocal {
  /** This node's wrapped share, as the join gave it (never sent to peers). */
  share: z.infer<typeof ImportShare>;
  /** parameters.publicKey, parsed. */
  publicKey: Exclude<PublicKeyInfo, { algorithm: 'RSA' }>;
}

/** What each node tells the others after unwrapping: the chain code's hash, and whether it holds the key already. */
const ImportReady = z.object({ chainCodeHash: z.string().nullable(), present: z.boolean() });
type ImportReady = z.infer<typeof ImportReady>;

interface Unwrapped {
  share: Uint8Array;
  chainCode?: Uint8Array;
}

const unwrapped = new WeakMap<object, Unwrapped>();

export const importRunner: KindRunner<z.infer<typeof ImportParameters>, ImportAgreed, ImportLocal, ImportReady> = {
  prepare(ctx, sessionId, p) {
    const curve = getCurve(p.curve);
    let pub: PublicKeyInfo;
    try {
      pub = parseSpki(fromBase64(p.publicKey), 'parameters.publicKey');
    } catch (e) {
      throw new JoinRefused(e instanceof Error ? e.message : String(e), 'parameters.publicKey');
    }
    if (pub.algorithm === 'RSA' || pub.curve !== curve.name) throw new JoinRefused(`parameters.publicKey is not a ${curve.name} public key`, 'parameters.publicKey');
    if (p.threshold !== ctx.config.threshold) {
      throw new JoinRefused(`this site's threshold is ${ctx.config.threshold}; a key shared with threshold ${p.threshold} cannot be imported here`, 'parameters.threshold');
    }
    return {
      agreed: { keyId: p.keyId ?? deriveKeyId(sessionId), curve: curve.name, threshold: p.threshold, publicKey: toBase64(pub.der) },
      local: { share: p.share, publicKey: pub },
    };
  },

  ready: ImportReady,

  async precheck(ctx, s) {
    const me = s.node;
    const curve = getCurve(s.agreed.curve);
    const given = s.local.share;
    const fp = given.wrappingKeyFingerprint ?? ctx.wrappingKeys.active().fingerprint;
    const key = await ctx.wrappingKeys.decryptKey(fp);
    if (!key) fail('unwrap-failed', `node ${me} has no usable wrapping key with fingerprint ${fp.slice(0, 16)}… (retired or never its own)`, { node: me });
    let share: Uint8Array;
    let chainCode: Uint8Array | undefined;
    try {
      share = await rsaOaepDecrypt(key, fromBase64(given.wrappedShare));
      if (given.wrappedChainCode) chainCode = await rsaOaepDecrypt(key, fromBase64(given.wrappedChainCode));
    } catch {
      fail('unwrap-failed', `node ${me} cannot unwrap its share: it was not wrapped for node ${me}'s wrapping key`, { node: me });
    }
    if (share.length !== curve.scalarBytes || bytesToBigint(share) >= curve.order) {
      fail('unwrap-failed', `node ${me}'s share does not decrypt to a ${curve.scalarBytes}-byte ${curve.name} scalar`, { node: me });
    }
    if (chainCode && chainCode.length !== 32) fail('unwrap-failed', `node ${me}'s chain code is not 32 bytes`, { node: me });
    unwrapped.set(s, chainCode ? { share, chainCode } : { share });
    const existing = ctx.keys.get(s.agreed.keyId);
    if (existing && existing.publicKey !== s.agreed.publicKey) {
      fail('key-exists', `node ${me} already holds key ${s.agreed.keyId} with a different public key`, { node: me });
    }
    return { chainCodeHash: chainCode ? toHex(sha256(chainCode)) : null, present: existing !== undefined };
  },

  cleanup(s) {
    const left = unwrapped.get(s);
    if (left) wipe(left.share, left.chainCode);
    unwrapped.delete(s);
  },

  async run(ctx, io, s, ready) {
    const mine = unwrapped.get(s);
    if (!mine) fail('internal', 'the unwrapped share is gone');
    unwrapped.delete(s);
    try {
      const hashes = new Map<string, number[]>();
      for (const [node, body] of ready) {
        const h = JSON.stringify(body.chainCodeHash);
        hashes.set(h, [...(hashes.get(h) ?? []), node]);
      }
      if (hashes.size > 1) {
        fail('mismatch', 'the nodes unwrapped different chain codes', {
          field: 'chainCode',
          sides: [...hashes].map(([value, nodes]) => ({ value: JSON.parse(value) as unknown, nodes })),
        });
      }
      const present = [...ready.values()].filter((b) => b.present).length;
      const base = { keyId: s.agreed.keyId, curve: s.agreed.curve, threshold: s.agreed.threshold, publicKey: s.agreed.publicKey };
      if (present === ready.size) return { ...base, alreadyPresent: true };
      if (present > 0) fail('key-exists', `key ${s.agreed.keyId} exists on some nodes of the site but not all; delete it there or import under another key ID`);
      const curve = getCurve(s.agreed.curve);
      const pub = s.local.publicKey;
      const fresh = await rerandomize(io, s, curve, ctx.config.threshold, ctx.config.players, bytesToBigint(mine.share));
      await confirmPublicShares(io, s, curve, ctx.config.threshold, fresh, pub.point);
      const share = scalarBytes(curve, fresh);
      try {
        await ctx.keys.store({
          keyId: s.agreed.keyId,
          curve: curve.name,
          publicKey: pub,
          share,
          ...(mine.chainCode ? { chainCode: mine.chainCode } : {}),
          origin: `import session ${s.id}`,
        });
      } finally {
        wipe(share);
      }
      return base;
    } finally {
      wipe(mine.share, mine.chainCode);
    }
  },
};
