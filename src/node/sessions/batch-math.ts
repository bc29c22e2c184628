// The elliptic-curve work of a batch session, as plain data in and out so that it can run
// on a worker thread (session-crypto.ts) as well as inline: deal a sharing of zero per
// key, absorb the peers' sub-shares into the new share and its public share, check every
// key's public shares against its public key, and — only for a key whose check failed —
// find the dealer whose sub-share does not match its Feldman commitments. Secrets
// (shares) arrive and leave as bytes; the caller wipes its copies.
//
// Why the Feldman check waits: the public-share check already catches any sub-share that
// is not part of a sharing of zero (the new shares would then not lie on one polynomial
// through the key's public key), so checking every sub-share up front (a base-point
// multiplication and t decodings per key) only adds blame. The commitments are still sent
// with the sub-shares, so blame stays possible after the fact.
import { mod } from '@noble/curves/abstract/modular.js';
import { bigintToBytes, bytesToBigint, equalBytes, wipe } from '../../crypto/bytes.ts';
import { getCurve, publicKeyFromScalar, type CurveName } from '../../crypto/curves.ts';
import { splitZero, verifyPublicShares, verifyShare } from '../../crypto/shamir.ts';

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

/** A received sub-share fits the shape of a sharing of zero: a scalar, t+1 commitments, the first the identity. */
function wellFormed(curve: ReturnType<typeof getCurve>, t: number, r: AbsorbKey['received'][number]): boolean {
  return r.value.length === curve.scalarBytes && r.commitments.length === t + 1 && equalBytes(r.commitments[0]!, curve.identity);
}

/**
 * New share x' = x + own + Σ received, and X' = x'·G. The sub-shares are not checked
 * against their commitments here (see the top of this file): a malformed one names its
 * dealer at once; one that is merely wrong shows in verifyMany, and blameMany finds it.
 */
export function absorbMany(input: { me: number; t: number; keys: AbsorbKey[] }): Absorbed[] {
  return input.keys.map((k) => {
    const curve = getCurve(k.curve);
    const malformed = k.received.find((r) => !wellFormed(curve, input.t, r));
    if (malformed) return { badDealer: malformed.from };
    let x = mod(bytesToBigint(k.share) + bytesToBigint(k.own), curve.order);
    for (const r of k.received) x = mod(x + bytesToBigint(r.value), curve.order);
    wipe(k.share, k.own);
    const fresh = bigintToBytes(x, curve.scalarBytes);
    return { fresh, publicShare: curve.encodePoint(curve.base.multiply(x)) };
  });
}

export interface BlameKey {
  curve: CurveName;
  /** The sub-shares this node received for the key, with their dealers' commitments. */
  received: AbsorbKey['received'];
}

/** Per key: the first dealer whose sub-share for node `me` fails its Feldman check, or 0 when every one passes. */
export function blameMany(input: { me: number; keys: BlameKey[] }): number[] {
  return input.keys.map((k) => {
    const curve = getCurve(k.curve);
    const culprit = k.received.find((r) => {
      try {
        return !verifyShare(curve, { index: input.me, value: r.value }, r.commitments);
      } catch {
        return true;
      }
    });
    return culprit?.from ?? 0;
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
export const BATCH_JOBS = { dealZeroMany, absorbMany, verifyMany, blameMany, publicSharesMany } as const;
export type BatchJobs = typeof BATCH_JOBS;
