// Curves: RFC 8032 §7.1 TEST 1, known base points, scalar and point refusals (including
// Ed25519 small-order points), and a cross-check of s·G against node:crypto.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertScalar,
  CURVE_NAMES,
  ed25519PublicKeyFromSeed,
  ed25519SeedToScalar,
  getCurve,
  parseCurveName,
  publicKeyFromScalar,
  scalarFromBytes,
  scalarToBytes,
  type CurveName,
} from './curves.ts';
import { hex, toHexString } from './test-support/der.ts';
import { expectCryptoError } from './test-support/expect-error.ts';

describe('RFC 8032 §7.1 TEST 1', () => {
  const seed = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
  const publicKey = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

  it('seed → clamped scalar → s·B gives the published public key', () => {
    const scalar = ed25519SeedToScalar(seed);
    expect(scalar).toHaveLength(32);
    expect(toHexString(publicKeyFromScalar(getCurve('Ed25519'), scalar))).toBe(publicKey);
  });

  it('noble’s own RFC 8032 path gives the same public key', () => {
    expect(toHexString(ed25519PublicKeyFromSeed(seed))).toBe(publicKey);
  });

  it('the scalar is the clamped SHA-512 low half, reduced mod ℓ, big-endian', () => {
    // noble's RFC 8032 code computes the same (reduced) scalar on its own path.
    const { scalar: le } = ed25519.utils.getExtendedPublicKey(seed);
    expect(BigInt(`0x${toHexString(ed25519SeedToScalar(seed))}`)).toBe(le);
  });

  it('node:crypto derives the same public key from random seeds', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (s) => {
        const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), s]);
        const spki = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
        expect(toHexString(publicKeyFromScalar(getCurve('Ed25519'), ed25519SeedToScalar(s)))).toBe(spki.subarray(-32).toString('hex'));
      }),
      { numRuns: 50 },
    );
  });
});

describe('base points (scalar 1)', () => {
  it('P-256: 1·G is the SEC 2 / FIPS 186 generator', () => {
    const g =
      '04' +
      '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296' +
      '4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5';
    const one = new Uint8Array(32);
    one[31] = 1;
    expect(toHexString(publicKeyFromScalar(getCurve('P-256'), one))).toBe(g);
  });

  it('secp256k1: 1·G is the SEC 2 generator', () => {
    const g =
      '04' +
      '79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798' +
      '483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8';
    const one = new Uint8Array(32);
    one[31] = 1;
    expect(toHexString(publicKeyFromScalar(getCurve('secp256k1'), one))).toBe(g);
  });
});

describe('EC s·G agrees with node:crypto', () => {
  it.each(['secp256k1', 'P-256', 'P-384'] as const)('%s', (name) => {
    const curve = getCurve(name);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: curve.order - 1n }), (s) => {
        const d = scalarToBytes(curve, s);
        const ours = publicKeyFromScalar(curve, d);
        const half = curve.scalarBytes;
        const jwk = {
          kty: 'EC',
          crv: name,
          d: Buffer.from(d).toString('base64url'),
          x: Buffer.from(ours.subarray(1, 1 + half)).toString('base64url'),
          y: Buffer.from(ours.subarray(1 + half)).toString('base64url'),
        };
        // node validates that (x, y) is d·G when importing a private JWK.
        const pub = createPublicKey(createPrivateKey({ key: jwk, format: 'jwk' })).export({ format: 'jwk' });
        expect(pub.x).toBe(jwk.x);
        expect(pub.y).toBe(jwk.y);
        expect(pub.crv).toBe(name);
      }),
      { numRuns: 30 },
    );
  });
});

describe('scalar refusals', () => {
  it.each(CURVE_NAMES)('%s: 0, n, n+1, all-ones and wrong lengths are refused', (name) => {
    const curve = getCurve(name);
    const zero = new Uint8Array(curve.scalarBytes);
    expectCryptoError(() => scalarFromBytes(curve, zero), 'invalid-scalar', { field: 'scalar' });
    expectCryptoError(() => publicKeyFromScalar(curve, zero), 'invalid-scalar');
    expectCryptoError(() => scalarFromBytes(curve, scalarToBytes(curve, curve.order)), 'invalid-scalar', { message: /1 ≤ s < n/ });
    expectCryptoError(() => scalarFromBytes(curve, scalarToBytes(curve, curve.order + 1n)), 'invalid-scalar');
    expectCryptoError(() => scalarFromBytes(curve, new Uint8Array(curve.scalarBytes).fill(0xff)), 'invalid-scalar');
    expectCryptoError(() => assertScalar(curve, -1n, 'secret'), 'invalid-scalar', { field: 'secret' });
    for (const length of [0, curve.scalarBytes - 1, curve.scalarBytes + 1]) {
      expectCryptoError(() => scalarFromBytes(curve, new Uint8Array(length).fill(1)), 'invalid-argument', {
        field: 'scalar',
        message: new RegExp(`length ${curve.scalarBytes}, got length=${length}`),
      });
    }
    // n − 1 is the largest valid scalar.
    expect(scalarFromBytes(curve, scalarToBytes(curve, curve.order - 1n))).toBe(curve.order - 1n);
  });

  it('ed25519SeedToScalar refuses seeds that are not 32 bytes', () => {
    for (const length of [0, 31, 33, 64]) expectCryptoError(() => ed25519SeedToScalar(new Uint8Array(length)), 'invalid-argument', { field: 'seed' });
    expectCryptoError(() => ed25519PublicKeyFromSeed(new Uint8Array(31)), 'invalid-argument', { field: 'seed' });
  });
});

describe('point refusals', () => {
  it.each(['secp256k1', 'P-256', 'P-384'] as const)('%s: off-curve, truncated, identity and bad prefix points', (name) => {
    const curve = getCurve(name);
    const one = new Uint8Array(curve.scalarBytes);
    one[one.length - 1] = 1;
    const g = publicKeyFromScalar(curve, one);
    expect(curve.encodePoint(curve.decodePoint(g))).toEqual(g);
    const offCurve = g.slice();
    offCurve[offCurve.length - 1]! ^= 1; // y changed by one bit: not on the curve
    expectCryptoError(() => curve.decodePoint(offCurve), 'invalid-point', { field: 'point' });
    expectCryptoError(() => curve.decodePoint(g.subarray(0, g.length - 1)), 'invalid-point');
    expectCryptoError(() => curve.decodePoint(Uint8Array.of(0)), 'invalid-point');
    const badPrefix = g.slice();
    badPrefix[0] = 0x05;
    expectCryptoError(() => curve.decodePoint(badPrefix), 'invalid-point');
    // x ≥ p in a compressed point.
    expectCryptoError(() => curve.decodePoint(Uint8Array.of(0x02, ...new Uint8Array(curve.scalarBytes).fill(0xff))), 'invalid-point');
  });

  // The eight Ed25519 points of small order (order 1, 2, 4, 8), as listed in the
  // small-order blacklists of libsodium and in "Taming the many EdDSAs".
  const SMALL_ORDER = [
    '0100000000000000000000000000000000000000000000000000000000000000',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0000000000000000000000000000000000000000000000000000000000000080',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  ];
  it.each(SMALL_ORDER)('Ed25519 small-order point %s is refused', (p) => {
    // The encoding is a genuine curve point of small order (so the refusal is for the right reason).
    expect(ed25519.Point.fromBytes(hex(p)).isSmallOrder()).toBe(true);
    expectCryptoError(() => getCurve('Ed25519').decodePoint(hex(p)), 'invalid-point', { message: /small order|subgroup|zero/i });
  });

  it('Ed25519: a mixed-order point (B + small-order point) and bad lengths are refused', () => {
    const mixed = ed25519.Point.BASE.add(ed25519.Point.fromBytes(hex(SMALL_ORDER[4]!))).toBytes();
    expectCryptoError(() => getCurve('Ed25519').decodePoint(mixed), 'invalid-point');
    expectCryptoError(() => getCurve('Ed25519').decodePoint(new Uint8Array(31)), 'invalid-point');
    // y = 2 is not the y-coordinate of any Ed25519 point.
    const y2 = new Uint8Array(32);
    y2[0] = 2;
    expectCryptoError(() => getCurve('Ed25519').decodePoint(y2), 'invalid-point');
  });
});

describe('curve names', () => {
  it('accepts canonical names and common aliases', () => {
    expect(parseCurveName(' prime256v1 ')).toBe('P-256');
    expect(parseCurveName('SECP384R1')).toBe('P-384');
    expect(parseCurveName('K256')).toBe('secp256k1');
    expect(parseCurveName('ed25519')).toBe('Ed25519');
  });

  it('refuses unknown names, including Object.prototype property names', () => {
    for (const name of ['P-521', 'secp521r1', 'curve25519', '', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expectCryptoError(() => parseCurveName(name), 'unsupported-algorithm', { field: 'curve' });
      expectCryptoError(() => getCurve(name as CurveName), 'unsupported-algorithm', { field: 'curve' });
    }
  });
});
