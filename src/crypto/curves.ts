// The four curves a Keyferry key can live on, described once: group order, scalar
// length, the OIDs used in SPKI / PKCS#8 / SEC1, and the few point and scalar operations
// the rest of the core needs. All arithmetic is @noble/curves; this file only adapts it.
//
// Scalars cross module boundaries as fixed-length big-endian bytes (the bundle's form,
// DESIGN.md), including Ed25519, whose native encoding is little-endian (RFC 8032 §5.1.5).
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { abytes, astring } from './_guards.ts';
import { bigintToBytes, bytesToBigint, wipe } from './bytes.ts';
import { CryptoError } from './errors.ts';

import { CURVE_NAMES, type CurveName } from './names.ts';

export { CURVE_NAMES, type CurveName };

/** The slice of a noble point we use; Weierstrass and Edwards points both provide it. */
export interface CurvePoint {
  add(other: CurvePoint): CurvePoint;
  multiply(scalar: bigint): CurvePoint;
  /** Variable-time multiplication: only for public scalars and points (verification). */
  multiplyUnsafe(scalar: bigint): CurvePoint;
  equals(other: CurvePoint): boolean;
  is0(): boolean;
  toBytes(compressed?: boolean): Uint8Array;
}

export interface Curve {
  readonly name: CurveName;
  /** Order n of the prime-order subgroup (ℓ for Ed25519). */
  readonly order: bigint;
  /** Bytes of a scalar in the bundle: 32, or 48 for P-384. */
  readonly scalarBytes: number;
  readonly kind: 'weierstrass' | 'edwards';
  /** SPKI / PKCS#8 algorithm OID: id-ecPublicKey for Weierstrass curves, id-Ed25519 otherwise. */
  readonly algorithmOid: string;
  /** Named-curve parameter OID (Weierstrass curves only). */
  readonly curveOid?: string;
  /** JWK "crv" value (RFC 7518 §6.2.1.1, RFC 8037 §2, and "secp256k1" from RFC 8812). */
  readonly jwkCrv: string;
  readonly base: CurvePoint;
  /** Encoding of the point at infinity: SEC1 §2.3.3 single 0x00 byte, or Ed25519's (0, 1). */
  readonly identity: Uint8Array;
  /** Decode a point, checking it lies on the curve (and in the prime-order subgroup). */
  decodePoint(bytes: Uint8Array): CurvePoint;
  /** Public key encoding used in SPKI: uncompressed SEC1 point, or the 32-byte Ed25519 point. */
  encodePoint(point: CurvePoint): Uint8Array;
}

function weierstrass(name: CurveName, impl: typeof secp256k1, curveOid: string, jwkCrv: string): Curve {
  const P = impl.Point;
  return {
    name,
    order: P.Fn.ORDER,
    scalarBytes: P.Fn.BYTES,
    kind: 'weierstrass',
    algorithmOid: '1.2.840.10045.2.1',
    curveOid,
    jwkCrv,
    base: P.BASE as unknown as CurvePoint,
    identity: new Uint8Array([0]),
    decodePoint(bytes) {
      try {
        const point = P.fromBytes(bytes);
        point.assertValidity();
        return point as unknown as CurvePoint;
      } catch (cause) {
        throw new CryptoError('invalid-point', `not a valid ${name} point: ${(cause as Error).message}`, { field: 'point', cause });
      }
    },
    encodePoint: (point) => point.toBytes(false),
  };
}

const ED = ed25519.Point;
const ed25519Curve: Curve = {
  name: 'Ed25519',
  order: ED.Fn.ORDER,
  scalarBytes: 32,
  kind: 'edwards',
  algorithmOid: '1.3.101.112',
  jwkCrv: 'Ed25519',
  base: ED.BASE as unknown as CurvePoint,
  identity: ED.ZERO.toBytes(),
  decodePoint(bytes) {
    try {
      abytes(bytes, 'point', 32);
      const point = ED.fromBytes(bytes);
      point.assertValidity();
      if (point.is0() || !point.isTorsionFree()) throw new Error('point is of small order or outside the prime-order subgroup');
      return point as unknown as CurvePoint;
    } catch (cause) {
      throw new CryptoError('invalid-point', `not a valid Ed25519 point: ${(cause as Error).message}`, { field: 'point', cause });
    }
  },
  encodePoint: (point) => point.toBytes(),
};

const CURVES: Record<CurveName, Curve> = {
  secp256k1: weierstrass('secp256k1', secp256k1, '1.3.132.0.10', 'secp256k1'),
  'P-256': weierstrass('P-256', p256, '1.2.840.10045.3.1.7', 'P-256'),
  'P-384': weierstrass('P-384', p384 as unknown as typeof secp256k1, '1.3.132.0.34', 'P-384'),
  Ed25519: ed25519Curve,
};

/** Accepts the canonical names and the common aliases operators type. */
const ALIASES: Record<string, CurveName> = {
  secp256k1: 'secp256k1',
  k256: 'secp256k1',
  'p-256': 'P-256',
  p256: 'P-256',
  secp256r1: 'P-256',
  prime256v1: 'P-256',
  'p-384': 'P-384',
  p384: 'P-384',
  secp384r1: 'P-384',
  ed25519: 'Ed25519',
};

export function parseCurveName(text: string, field = 'curve'): CurveName {
  const key = astring(text, field).trim().toLowerCase();
  const name = Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
  if (!name) {
    throw new CryptoError('unsupported-algorithm', `"${field}" must be one of ${CURVE_NAMES.join(', ')}; got "${text}"`, { field });
  }
  return name;
}

export function getCurve(name: CurveName): Curve {
  const curve = Object.hasOwn(CURVES, name) ? CURVES[name] : undefined;
  if (!curve) throw new CryptoError('unsupported-algorithm', `unknown curve "${String(name)}"; use one of ${CURVE_NAMES.join(', ')}`, { field: 'curve' });
  return curve;
}

export function curveByOid(curveOid: string): Curve | undefined {
  return Object.values(CURVES).find((c) => c.curveOid === curveOid);
}

/** Scalar bytes → bigint, enforcing the exact length and 1 ≤ s < n. */
export function scalarFromBytes(curve: Curve, bytes: Uint8Array, field = 'scalar'): bigint {
  abytes(bytes, field, curve.scalarBytes);
  return assertScalar(curve, bytesToBigint(bytes), field);
}

export function assertScalar(curve: Curve, s: bigint, field = 'scalar'): bigint {
  if (typeof s !== 'bigint' || s < 1n || s >= curve.order) {
    throw new CryptoError('invalid-scalar', `"${field}" must satisfy 1 ≤ s < n for ${curve.name}`, { field });
  }
  return s;
}

export function scalarToBytes(curve: Curve, s: bigint, field = 'scalar'): Uint8Array {
  return bigintToBytes(s, curve.scalarBytes, field);
}

/** s·G as a point. */
export function publicPoint(curve: Curve, scalar: bigint): CurvePoint {
  return curve.base.multiply(assertScalar(curve, scalar));
}

/** Public key bytes (uncompressed SEC1 point or Ed25519 32 bytes) for a big-endian scalar. */
export function publicKeyFromScalar(curve: Curve, scalar: Uint8Array): Uint8Array {
  return curve.encodePoint(publicPoint(curve, scalarFromBytes(curve, scalar)));
}

/**
 * Ed25519 seed → secret scalar (RFC 8032 §5.1.5): SHA-512 the seed, clamp the low half,
 * read it little-endian, reduce mod ℓ. Returned big-endian, 32 bytes, like every scalar here.
 */
export function ed25519SeedToScalar(seed: Uint8Array): Uint8Array {
  abytes(seed, 'seed', 32);
  const h = sha512(seed);
  const a = h.slice(0, 32);
  a[0]! &= 248;
  a[31]! &= 127;
  a[31]! |= 64;
  let le = 0n;
  for (let i = 31; i >= 0; i--) le = (le << 8n) | BigInt(a[i]!);
  wipe(h, a);
  const s = le % ed25519Curve.order;
  // The clamped value has bit 254 set, and ℓ < 2^253, so the reduction is never 0.
  return bigintToBytes(s, 32, 'scalar');
}

/** The Ed25519 public key of a seed, by noble's own RFC 8032 path (used to check our scalar path). */
export function ed25519PublicKeyFromSeed(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(abytes(seed, 'seed', 32));
}
