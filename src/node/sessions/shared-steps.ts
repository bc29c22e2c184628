// Steps several session kinds share: re-randomization (every node deals a fresh sharing
// of zero with Feldman commitments; each node checks its sub-shares and adds them) and
// the public-share check (every node publishes X_i = x_i·G; they must lie on one degree-t
// polynomial whose value at 0 is the key's public key).
import { mod } from '@noble/curves/abstract/modular.js';
import { z } from 'zod';
import { bigintToBytes, bytesToBigint, equalBytes, fromBase64, fromHex, toBase64, toHex } from '../../crypto/bytes.ts';
import type { Curve } from '../../crypto/curves.ts';
import { splitZero, verifyPublicShares, verifyShare } from '../../crypto/shamir.ts';
import { fail } from './failure.ts';
import { exchange, exchangeSecret, type RoundIo } from './rounds.ts';
import type { Session } from './session.ts';

/** A dealt sub-share for one node: the value (hex) and the dealer's Feldman commitments (base64 points). */
export const SubShare = z.object({ value: z.string(), commitments: z.array(z.string()) });

/** A node's public share X_i = x_i·G (base64 point). */
const PublicShare = z.object({ publicShare: z.string() });

export async function rerandomize(io: RoundIo, s: Session, curve: Curve, t: number, n: number, share: bigint): Promise<bigint> {
  const zero = splitZero(curve, { n, t });
  const commitments = zero.commitments.map(toBase64);
  const got = await exchangeSecret(io, s, 'rerandomize', SubShare, (peer) => ({ value: toHex(zero.shares[peer - 1]!.value), commitments }));
  let x = mod(share + bytesToBigint(zero.shares[s.node - 1]!.value), curve.order);
  for (const [from, body] of got) {
    let ok = false;
    let value: Uint8Array = new Uint8Array(0);
    try {
      if (body !== undefined) {
        value = fromHex(body.value, 'value');
        const cs = body.commitments.map((c) => fromBase64(c));
        ok = cs.length === t + 1 && equalBytes(cs[0]!, curve.identity) && verifyShare(curve, { index: s.node, value }, cs);
      }
    } catch {
      ok = false;
    }
    if (!ok) fail('verification-failed', `node ${from}'s re-randomization sub-share does not match its commitments (or is not a sharing of zero)`, { node: from });
    x = mod(x + bytesToBigint(value), curve.order);
  }
  zero.shares.forEach((sh) => sh.value.fill(0));
  return x;
}

export async function confirmPublicShares(io: RoundIo, s: Session, curve: Curve, t: number, share: bigint, publicKeyPoint: Uint8Array): Promise<void> {
  const mine = curve.encodePoint(curve.base.multiply(share));
  const all = await exchange(io, s, 'confirm', PublicShare, { publicShare: toBase64(mine) });
  let ok = false;
  try {
    const points = [...all].map(([index, body]) => ({ index, point: fromBase64(body?.publicShare ?? '') }));
    ok = verifyPublicShares(curve, points, t, publicKeyPoint);
  } catch {
    ok = false;
  }
  if (!ok) fail('verification-failed', 'the nodes\' public shares do not lie on one polynomial through the public key: the shares do not belong to this key');
}

export function scalarBytes(curve: Curve, x: bigint): Uint8Array {
  return bigintToBytes(x, curve.scalarBytes);
}
