// Distributed key generation (Feldman VSS, every node a dealer): each node deals a random
// degree-t polynomial, sends f_i(j) sealed to node j with public commitments, and checks
// the sub-shares it receives. Node j's share is Σ_i f_i(j); the public key is Σ_i C_i0.
// No node ever knows the private key. The nodes then publish public shares and store only
// when they describe the same public key.
import { mod } from '@noble/curves/abstract/modular.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBigint, concatBytes, equalBytes, fromBase64, fromHex, toBase64, toHex, wipe } from '../../crypto/bytes.ts';
import { z } from 'zod';
import { getCurve, type CurveName, type CurvePoint } from '../../crypto/curves.ts';
import { encodeSpki } from '../../crypto/public-key.ts';
import { randomBytes, randomScalarBytes } from '../../crypto/random.ts';
import { split, verifyShare } from '../../crypto/shamir.ts';
import { fail } from './failure.ts';
import type { KeygenParameters } from '../../protocol/session.ts';
import { deriveKeyId, PassedChecks, type KindRunner } from './kinds.ts';
import { exchangeSecret } from './rounds.ts';
import { confirmPublicShares, scalarBytes, SubShare } from './shared-steps.ts';

/** Node i's deal for node j: f_i(j) with the commitments to f_i, and its chain-code contribution when one is derived. */
const Deal = SubShare.extend({ chainCode: z.string().optional() });

type KeygenAgreed = { keyId: string; curve: CurveName; chainCode: boolean };

export const keygenRunner: KindRunner<z.infer<typeof KeygenParameters>, KeygenAgreed, null, PassedChecks> = {
  prepare(_ctx, sessionId, p) {
    return { agreed: { keyId: p.keyId ?? deriveKeyId(sessionId), curve: p.curve, chainCode: p.chainCode === true }, local: null };
  },

  ready: PassedChecks,

  async precheck(ctx, s) {
    if (ctx.keys.get(s.agreed.keyId)) fail('key-exists', `node ${s.node} already holds a key ${s.agreed.keyId}`, { node: s.node });
    return { ok: true };
  },

  async run(ctx, io, s) {
    const curve = getCurve(s.agreed.curve);
    const t = ctx.config.threshold;
    const n = ctx.config.players;
    const secret = randomScalarBytes(curve);
    const dealing = split(curve, secret, { n, t });
    wipe(secret);
    const myChain = s.agreed.chainCode ? randomBytes(32) : undefined;
    const commitments = dealing.commitments.map(toBase64);
    const got = await exchangeSecret(io, s, 'deal', Deal, (peer) => ({
      value: toHex(dealing.shares[peer - 1]!.value),
      commitments,
      ...(myChain ? { chainCode: toHex(myChain) } : {}),
    }));
    let x = bytesToBigint(dealing.shares[s.node - 1]!.value);
    let publicPoint: CurvePoint = curve.decodePoint(dealing.commitments[0]!);
    const chainParts = new Map<number, Uint8Array>(myChain ? [[s.node, myChain]] : []);
    for (const [from, deal] of got) {
      let ok = false;
      let value: Uint8Array = new Uint8Array(0);
      let cs: Uint8Array[] = [];
      try {
        if (deal !== undefined) {
          value = fromHex(deal.value, 'value');
          cs = deal.commitments.map((c) => fromBase64(c));
          ok = cs.length === t + 1 && !equalBytes(cs[0]!, curve.identity) && verifyShare(curve, { index: s.node, value }, cs);
        }
      } catch {
        ok = false;
      }
      if (!ok) fail('verification-failed', `node ${from}'s key-generation sub-share does not match its commitments`, { node: from });
      x = mod(x + bytesToBigint(value), curve.order);
      publicPoint = publicPoint.add(curve.decodePoint(cs[0]!));
      if (s.agreed.chainCode) {
        const part = fromHex(deal?.chainCode ?? '', 'chainCode');
        if (part.length !== 32) fail('verification-failed', `node ${from} sent no chain code contribution`, { node: from });
        chainParts.set(from, part);
      }
    }
    dealing.shares.forEach((sh) => sh.value.fill(0));
    if (publicPoint.is0()) fail('verification-failed', 'the dealt polynomials sum to a zero key; run the session again');
    const publicKeyPoint = curve.encodePoint(publicPoint);
    await confirmPublicShares(io, s, curve, t, x, publicKeyPoint);
    const chainCode = s.agreed.chainCode ? sha256(concatBytes(...[...chainParts].sort(([a], [b]) => a - b).map(([, c]) => c))) : undefined;
    const share = scalarBytes(curve, x);
    const publicKey = encodeSpki(curve, publicKeyPoint);
    try {
      await ctx.keys.store({ keyId: s.agreed.keyId, curve: curve.name, publicKey, share, ...(chainCode ? { chainCode } : {}), origin: `keygen session ${s.id}` });
    } finally {
      wipe(share, chainCode);
    }
    return { keyId: s.agreed.keyId, curve: curve.name, threshold: t, publicKey: toBase64(publicKey) };
  },
};
