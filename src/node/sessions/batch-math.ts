// The elliptic-curve work of a batch session, as plain data in and out so that it can run
// on a worker thread (session-crypto.ts) as well as inline: deal a sharing of zero per
// key, absorb the peers' sub-shares (one Feldman check per key for all dealers, the
// culprit named when it fails) and compute the new public share, and check every key's
// public shares against its public key. Secrets (shares) arrive and leave as bytes; the
// caller wipes its copies.
import { mod } from '@noble/curves/abstract/modular.js';
import { bigintToBytes, bytesToBigint, equalBytes, wipe } from '../../crypto/bytes.ts';
import { getCurve, publicKeyFromScalar, type CurveName } from '../../crypto/curves.ts';
import { splitZero, verifyPublicShares, verifyShare, verifyShareSum } from '../../crypto/shamir.ts';

export interface DealInput {
  curves: CurveName[];
  n: number;
  t: number;
}

export interface Dealt {
  /** Per key: the sub-share for node i at [i - 1]. */
  shares: Uint8Array[][];
  /** Per key: the t+1 Feldman commitments (the first is the identity: a sharing of zero). */
  commitments: Uint8Array[][];
}

export function dealZeroMany(input: DealInput): Dealt {
  const shares: Uint8Array[][] = [];
  const commitments: Uint8Array[][] = [];
  for (const name of input.curves) {
    const zero = splitZero(getCurve(name), { n: input.n, t: input.t });
    shares.push(zero.shares.map((s) => s.value));
    commitments.push(zero.commitments);
  }
  return { shares, commitments };
}

export interface AbsorbKey {
  curve: CurveName;
  /** This node's current share, and its own sub-share of the zero sharing it dealt. */
  share: Uint8Array;
  own: Uint8Array;
  /** Every peer's sub-share for this node with the peer's commitments. */
  received: { from: number; value: Uint8Array; commitments: Uint8Array[] }[];
}

export type Absorbed = { fresh: Uint8Array; publicShare: Uint8Array } | { badDealer: number };

/** New share x' = x + own + Σ received, after checking the received sub-shares; and X' = x'·G. */
export function absorbMany(input: { me: number; t: number; keys: AbsorbKey[] }): Absorbed[] {
  return input.keys.map((k) => {
    const curve = getCurve(k.curve);
    const wellFormed = (r: AbsorbKey['received'][number]) =>
      r.value.length === curve.scalarBytes && r.commitments.length === input.t + 1 && equalBytes(r.commitments[0]!, curve.identity);
    const malformed = k.received.find((r) => !wellFormed(r));
    if (malformed) return { badDealer: malformed.from };
    let ok: boolean;
    try {
      ok = verifyShareSum(curve, input.me, k.received.map((r) => r.value), k.received.map((r) => r.commitments));
    } catch {
      ok = false;
    }
    if (!ok) {
      const culprit = k.received.find((r) => {
        try {
          return !verifyShare(curve, { index: input.me, value: r.value }, r.commitments);
        } catch {
          return true;
        }
      });
      return { badDealer: culprit?.from ?? k.received[0]!.from };
    }
    let x = mod(bytesToBigint(k.share) + bytesToBigint(k.own), curve.order);
    for (const r of k.received) x = mod(x + bytesToBigint(r.value), curve.order);
    wipe(k.share, k.own);
    const fresh = bigintToBytes(x, curve.scalarBytes);
    return { fresh, publicShare: curve.encodePoint(curve.base.multiply(x)) };
  });
}

export interface PublicCheck {
  curve: CurveName;
  /** The key's public point (as encoded in its SPKI). */
  publicKey: Uint8Array;
  points: { index: number; point: Uint8Array }[];
}

/** Per key: do the nodes' public shares lie on one degree-t polynomial through the public key? */
export function verifyMany(input: { t: number; keys: PublicCheck[] }): boolean[] {
  return input.keys.map((k) => {
    try {
      return verifyPublicShares(getCurve(k.curve), k.points, input.t, k.publicKey);
    } catch {
      return false;
    }
  });
}

export interface ShareOfKey {
  curve: CurveName;
  /** This node's stored share (big-endian scalar bytes); wiped here. */
  share: Uint8Array;
}

/** Per key: this node's public share x·G (encoded as in an SPKI), for the site-wide check after a copy (POST /v1/keys/public-shares). */
export function publicSharesMany(input: { keys: ShareOfKey[] }): Uint8Array[] {
  return input.keys.map((k) => {
    try {
      return publicKeyFromScalar(getCurve(k.curve), k.share);
    } finally {
      wipe(k.share);
    }
  });
}

/** The jobs a session-crypto worker runs, by name. */
export const BATCH_JOBS = { dealZeroMany, absorbMany, verifyMany, publicSharesMany } as const;
export type BatchJobs = typeof BATCH_JOBS;
