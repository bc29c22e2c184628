// Private-key writing: every format round-trips through the parser with the scalar bytes
// intact (leading zero bytes included), and node:crypto accepts what we write and derives
// the same public key from it.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.ts';
import { getCurve, scalarToBytes, type Curve, type CurveName } from '../curves.ts';
import { encodeSpki } from '../public-key.ts';
import { expectCryptoError } from '../test-support/expect-error.ts';
import { fromEd25519Seed, fromScalar } from './_build.ts';
import { encodePrivateKey, PRIVATE_KEY_OUTPUT_FORMATS } from './encode.ts';
import { encodeJwk } from './jwk.ts';
import { parsePrivateKey } from './parse.ts';
import { encodePkcs8 } from './pkcs8.ts';
import { encodeSec1 } from './sec1.ts';
import type { PrivateKey } from './types.ts';

type EcCurveName = Exclude<CurveName, 'Ed25519'>;
const EC_CURVES: EcCurveName[] = ['secp256k1', 'P-256', 'P-384'];

/** Scalars that exercise fixed-length encoding: 1, small values, and leading zero bytes. */
function edgeScalars(curve: Curve): Uint8Array[] {
  const len = curve.scalarBytes;
  const withZeros = (zeros: number, fill: number) => Uint8Array.from({ length: len }, (_, i) => (i < zeros ? 0 : fill));
  return [scalarToBytes(curve, 1n), scalarToBytes(curve, 0xffn), withZeros(1, 0xff), withZeros(2, 0xff), withZeros(len - 1, 0x80), scalarToBytes(curve, curve.order - 1n)];
}

const scalarArb = (curve: Curve) =>
  fc.oneof(
    fc.constantFrom(...edgeScalars(curve)),
    fc.bigInt({ min: 1n, max: curve.order - 1n }).map((s) => scalarToBytes(curve, s)),
    // random scalars below 2^200: several leading zero bytes on every curve
    fc.bigInt({ min: 1n, max: (1n << 200n) - 1n }).map((s) => scalarToBytes(curve, s)),
  );

function expectSameKey(parsed: PrivateKey, original: PrivateKey): void {
  expect(parsed.curve).toBe(original.curve);
  expect(parsed.scalar).toHaveLength(getCurve(original.curve).scalarBytes);
  expect(toHex(parsed.scalar)).toBe(toHex(original.scalar));
  expect(toHex(parsed.publicKey)).toBe(toHex(original.publicKey));
}

describe('EC round trips: encodePrivateKey → parsePrivateKey', () => {
  it('the edge scalars really have leading zero bytes', () => {
    const edges = edgeScalars(getCurve('P-384'));
    expect(edges[0]![0]).toBe(0);
    expect(edges[0]).toHaveLength(48);
    expect(edges[3]!.subarray(0, 2)).toEqual(new Uint8Array(2));
  });

  it.each(EC_CURVES)('%s: pkcs8, sec1, jwk and hex keep the scalar bytes', (name) => {
    const curve = getCurve(name);
    fc.assert(
      fc.property(scalarArb(curve), (scalar) => {
        const key = fromScalar(name, scalar, 'hex');
        const expected = { pkcs8: 'pkcs8-pem', sec1: 'sec1-pem', jwk: 'jwk', hex: 'hex' } as const;
        for (const format of ['pkcs8', 'sec1', 'jwk', 'hex'] as const) {
          const parsed = parsePrivateKey(encodePrivateKey(key, format), { curve: name });
          expectSameKey(parsed, key);
          expect(parsed.format).toBe(expected[format]);
        }
        // JWK "d" is the full-length scalar (RFC 7518 §6.2.2.1), never shortened
        expect(Buffer.from(encodeJwk(key).d!, 'base64url')).toHaveLength(curve.scalarBytes);
      }),
      { numRuns: 40 },
    );
  });

  it('secp256k1: WIF (compressed or not, mainnet or testnet) keeps the scalar and the flags', () => {
    const curve = getCurve('secp256k1');
    fc.assert(
      fc.property(scalarArb(curve), fc.boolean(), fc.constantFrom('mainnet', 'testnet') as fc.Arbitrary<'mainnet' | 'testnet'>, (scalar, compressed, network) => {
        const key = fromScalar('secp256k1', scalar, 'hex');
        const wif = encodePrivateKey(key, 'wif', { compressed, network });
        const parsed = parsePrivateKey(wif);
        expectSameKey(parsed, key);
        expect(parsed).toMatchObject({ format: 'wif', compressed, network });
        // flags carried on the key are the defaults for the next encoding
        expect(encodePrivateKey(parsed, 'wif')).toBe(wif);
      }),
      { numRuns: 60 },
    );
  });
});

describe('Ed25519 round trips', () => {
  const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 });

  it('a key with its seed: pkcs8 and jwk keep the seed; hex writes the scalar', () => {
    fc.assert(
      fc.property(fc.oneof(seedArb, fc.constantFrom(new Uint8Array(32), Uint8Array.from({ length: 32 }, (_, i) => (i < 2 ? 0 : 0xff)))), (seed) => {
        const key = fromEd25519Seed(seed, 'ed25519-seed-hex');
        for (const format of ['pkcs8', 'jwk'] as const) {
          const parsed = parsePrivateKey(encodePrivateKey(key, format));
          expectSameKey(parsed, key);
          expect(parsed.seed).toEqual(seed);
        }
        // The seed as hex, read as a seed, is the same key.
        expectSameKey(parsePrivateKey(toHex(seed), { curve: 'Ed25519', ed25519Hex: 'seed' }), key);
        // encodePrivateKey 'hex' writes the scalar, which reads back as a scalar (the seed is gone).
        const fromHex = parsePrivateKey(encodePrivateKey(key, 'hex'), { curve: 'Ed25519', ed25519Hex: 'scalar' });
        expectSameKey(fromHex, key);
        expect(fromHex.seed).toBeUndefined();
      }),
      { numRuns: 40 },
    );
  });

  it('a scalar-only key: hex with ed25519Hex "scalar" round-trips, including leading zero bytes', () => {
    const curve = getCurve('Ed25519');
    fc.assert(
      fc.property(scalarArb(curve), (scalar) => {
        const key = fromScalar('Ed25519', scalar, 'ed25519-scalar-hex');
        const parsed = parsePrivateKey(encodePrivateKey(key, 'hex'), { curve: 'Ed25519', ed25519Hex: 'scalar' });
        expectSameKey(parsed, key);
        expect(parsed.format).toBe('ed25519-scalar-hex');
      }),
      { numRuns: 40 },
    );
  });

  it('a scalar-only key cannot be written as PKCS#8, JWK, SEC1 or WIF', () => {
    const key = fromScalar('Ed25519', scalarToBytes(getCurve('Ed25519'), 12345n), 'ed25519-scalar-hex');
    expectCryptoError(() => encodePkcs8(key), 'unsupported-format', { field: 'format', message: /scalar.*PKCS#8.*hex/ });
    expectCryptoError(() => encodePrivateKey(key, 'pkcs8'), 'unsupported-format');
    expectCryptoError(() => encodePrivateKey(key, 'jwk'), 'unsupported-format', { message: /RFC 8037/ });
    expectCryptoError(() => encodePrivateKey(key, 'sec1'), 'unsupported-format', { message: /SEC1 holds EC keys only/ });
    expectCryptoError(() => encodePrivateKey(key, 'wif'), 'unsupported-format', { message: /secp256k1 keys only/ });
    expectCryptoError(() => encodePrivateKey(fromScalar('P-256', scalarToBytes(getCurve('P-256'), 5n), 'hex'), 'wif'), 'unsupported-format');
  });

  it('refuses an unknown output format', () => {
    const key = fromScalar('P-256', scalarToBytes(getCurve('P-256'), 5n), 'hex');
    expect(PRIVATE_KEY_OUTPUT_FORMATS).toContain('pkcs8');
    expectCryptoError(() => encodePrivateKey(key, 'pem' as never), 'invalid-argument', { field: 'format' });
  });
});

describe('node:crypto accepts what we write', () => {
  const nodePublicSpki = (key: Parameters<typeof createPrivateKey>[0]) =>
    new Uint8Array(createPublicKey(createPrivateKey(key)).export({ type: 'spki', format: 'der' }));

  it.each(EC_CURVES)('%s: PKCS#8 DER, SEC1 DER and JWK give our public key', (name) => {
    const curve = getCurve(name);
    fc.assert(
      fc.property(scalarArb(curve), (scalar) => {
        const key = fromScalar(name, scalar, 'hex');
        const spki = encodeSpki(curve, key.publicKey);
        expect(nodePublicSpki({ key: Buffer.from(encodePkcs8(key)), format: 'der', type: 'pkcs8' })).toEqual(spki);
        expect(nodePublicSpki({ key: Buffer.from(encodeSec1(key)), format: 'der', type: 'sec1' })).toEqual(spki);
        expect(nodePublicSpki({ key: encodeJwk(key), format: 'jwk' })).toEqual(spki);
        // and node reads the same private scalar
        expect(createPrivateKey({ key: Buffer.from(encodePkcs8(key)), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }).d).toBe(Buffer.from(scalar).toString('base64url'));
      }),
      { numRuns: 30 },
    );
  });

  it('Ed25519: PKCS#8 and JWK give our public key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (seed) => {
        const key = fromEd25519Seed(seed, 'raw');
        const spki = encodeSpki(getCurve('Ed25519'), key.publicKey);
        expect(nodePublicSpki({ key: Buffer.from(encodePkcs8(key)), format: 'der', type: 'pkcs8' })).toEqual(spki);
        expect(nodePublicSpki({ key: encodeJwk(key), format: 'jwk' })).toEqual(spki);
      }),
      { numRuns: 30 },
    );
  });

  it('PEM output is 64-column RFC 7468 text that node reads', () => {
    const key = fromScalar('P-384', edgeScalars(getCurve('P-384'))[2]!, 'hex');
    const pem = encodePrivateKey(key, 'pkcs8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END PRIVATE KEY-----\n$/);
    expect(createPrivateKey(pem).asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
  });
});
