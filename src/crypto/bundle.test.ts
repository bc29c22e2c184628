// keyferry-bundle/1: serialize → parse round trips (fast-check), the exact JSON layout of
// DESIGN.md, and every refusal with the JSON path it names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, bundleToJson, mergeBundles, parseBundle, serializeBundle, splitBundle, validateBundle, type Bundle, type BundleShare } from './bundle.ts';
import { toBase64 } from './bytes.ts';
import { CURVE_NAMES, getCurve, publicKeyFromScalar, scalarToBytes, type CurveName } from './curves.ts';
import { encodeSpki } from './public-key.ts';
import { bits, oid, seq } from './test-support/der.ts';
import { expectCryptoError } from './test-support/expect-error.ts';

const SPKI: Record<CurveName, Uint8Array> = Object.fromEntries(
  CURVE_NAMES.map((name) => {
    const curve = getCurve(name);
    return [name, encodeSpki(curve, publicKeyFromScalar(curve, scalarToBytes(curve, 0xc0ffeen)))];
  }),
) as Record<CurveName, Uint8Array>;

const FP = 'ab'.repeat(32);

function validBundle(overrides: Partial<Bundle> = {}): Bundle {
  return {
    format: BUNDLE_FORMAT,
    curve: 'secp256k1',
    threshold: 1,
    publicKey: SPKI.secp256k1,
    keyId: 'key_1-A',
    shares: [
      { index: 1, wrappingKeyFingerprint: FP, algorithm: 'RSA-OAEP-SHA256', wrappedShare: Uint8Array.of(1, 2, 3) },
      { index: 2, wrappingKeyFingerprint: 'cd'.repeat(32), algorithm: 'RSA-OAEP-SHA256', wrappedShare: Uint8Array.of(4, 5, 6) },
    ],
    ...overrides,
  };
}

/** The bundle as plain JSON, to be broken one field at a time. */
const json = (b: Bundle = validBundle()) => JSON.parse(serializeBundle(b)) as Record<string, unknown> & { shares: Record<string, unknown>[] };

const bundleArb: fc.Arbitrary<Bundle> = fc
  .record({
    curve: fc.constantFrom(...CURVE_NAMES),
    threshold: fc.integer({ min: 1, max: 254 }),
    keyId: fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), { nil: undefined }),
    indices: fc.uniqueArray(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 8 }),
    withChainCode: fc.boolean(),
    blobs: fc.array(fc.uint8Array({ minLength: 1, maxLength: 64 }), { minLength: 16, maxLength: 16 }),
    fingerprints: fc.array(fc.stringMatching(/^[0-9a-f]{64}$/), { minLength: 8, maxLength: 8 }),
  })
  .map(({ curve, threshold, keyId, indices, withChainCode, blobs, fingerprints }) => {
    const shares: BundleShare[] = indices.map((index, i) => {
      const share: BundleShare = { index, wrappingKeyFingerprint: fingerprints[i]!, algorithm: 'RSA-OAEP-SHA256', wrappedShare: blobs[i]! };
      if (withChainCode) share.wrappedChainCode = blobs[i + 8]!;
      return share;
    });
    const bundle: Bundle = { format: BUNDLE_FORMAT, curve, threshold, publicKey: SPKI[curve], shares };
    if (keyId !== undefined) bundle.keyId = keyId;
    return bundle;
  });

describe('round trips', () => {
  it('parseBundle(serializeBundle(b)) is b with shares in index order, and serializing again is stable', () => {
    fc.assert(
      fc.property(bundleArb, (bundle) => {
        const text = serializeBundle(bundle);
        const parsed = parseBundle(text);
        expect(parsed).toEqual({ ...bundle, shares: [...bundle.shares].sort((a, b) => a.index - b.index) });
        expect(serializeBundle(parsed)).toBe(serializeBundle({ ...bundle, shares: parsed.shares }));
        expect(parseBundle(serializeBundle(parsed))).toEqual(parsed);
      }),
      { numRuns: 200 },
    );
  });

  it('splitBundle → serialize each → parse each → mergeBundles gives the bundle back', () => {
    fc.assert(
      fc.property(bundleArb, (bundle) => {
        const parts = splitBundle(bundle).map((b) => parseBundle(serializeBundle(b)));
        expect(parts).toHaveLength(bundle.shares.length);
        for (const p of parts) expect(p.shares).toHaveLength(1);
        expect(mergeBundles([...parts].reverse())).toEqual(parseBundle(serializeBundle(bundle)));
      }),
      { numRuns: 100 },
    );
  });

  it('writes the DESIGN.md layout: field order, base64 bytes, a trailing newline', () => {
    const text = serializeBundle(validBundle({ shares: [{ ...validBundle().shares[0]!, wrappedChainCode: Uint8Array.of(9) }] }));
    expect(text.endsWith('}\n')).toBe(true);
    const o = JSON.parse(text);
    expect(Object.keys(o)).toEqual(['format', 'curve', 'threshold', 'publicKey', 'keyId', 'shares']);
    expect(Object.keys(o.shares[0])).toEqual(['index', 'wrappingKeyFingerprint', 'algorithm', 'wrappedShare', 'wrappedChainCode']);
    expect(o.publicKey).toBe(toBase64(SPKI.secp256k1));
    expect(o.shares[0].wrappedShare).toBe('AQID');
    expect(o.shares[0].wrappedChainCode).toBe('CQ==');
    expect(bundleToJson(validBundle())).toEqual(json());
  });

  it('a compressed EC public key is stored uncompressed', () => {
    const curve = getCurve('P-256');
    const point = publicKeyFromScalar(curve, scalarToBytes(curve, 77n));
    const compressed = Uint8Array.of(2 + (point[64]! & 1), ...point.subarray(1, 33));
    const spkiCompressed = seq(seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), bits(compressed));
    const bundle = parseBundle(JSON.stringify({ ...json(), curve: 'P-256', publicKey: toBase64(spkiCompressed) }));
    expect(bundle.publicKey).toEqual(encodeSpki(curve, point));
  });
});

describe('refusals', () => {
  const refuse = (o: unknown, path: string | RegExp, message?: RegExp) =>
    expectCryptoError(() => parseBundle(JSON.stringify(o)), 'invalid-bundle', message ? { field: path, message } : { field: path });

  it('wrong format string', () => {
    refuse({ ...json(), format: 'keyferry-bundle/2' }, 'bundle.format', /keyferry-bundle\/1/);
    refuse({ ...json(), format: undefined }, 'bundle.format');
  });

  it('unknown fields, at the top and in a share', () => {
    refuse({ ...json(), comment: 'hi' }, 'bundle.comment', /unknown field/);
    const o = json();
    o.shares[1]!.note = 1;
    refuse(o, 'bundle.shares[1].note', /unknown field/);
  });

  it('bad fingerprints', () => {
    for (const fp of ['AB'.repeat(32), 'ab'.repeat(31), 'ab'.repeat(33), 'zz'.repeat(32), 42]) {
      const o = json();
      o.shares[0]!.wrappingKeyFingerprint = fp;
      refuse(o, 'bundle.shares[0].wrappingKeyFingerprint', /64 lowercase hex/);
    }
  });

  it('duplicate, zero, out-of-range and non-integer indices', () => {
    const dup = json();
    dup.shares[1]!.index = 1;
    refuse(dup, 'bundle.shares[1].index', /duplicate index 1/);
    for (const index of [0, 256, 1.5, '1', null]) {
      const o = json();
      o.shares[0]!.index = index;
      refuse(o, 'bundle.shares[0].index');
    }
  });

  it('mixed chain codes (some shares with, some without)', () => {
    const o = json();
    o.shares[0]!.wrappedChainCode = 'AQID';
    refuse(o, 'bundle.shares', /every share carries wrappedChainCode or none/);
  });

  it('a public key of another curve, an RSA key, or not a key', () => {
    refuse({ ...json(), curve: 'P-256' }, 'bundle.publicKey', /not a P-256 public key/);
    refuse({ ...json(), publicKey: toBase64(SPKI.Ed25519) }, 'bundle.publicKey', /not a secp256k1 public key/);
    refuse({ ...json(), curve: 'Ed25519', publicKey: toBase64(SPKI['P-384']) }, 'bundle.publicKey');
    const err = refuse({ ...json(), publicKey: 'AQID' }, 'bundle.publicKey');
    expect(err.message.match(/bundle\.publicKey/g) ?? []).toHaveLength(1);
    refuse({ ...json(), publicKey: 'not base64!' }, 'bundle.publicKey', /base64/);
    refuse({ ...json(), publicKey: '' }, 'bundle.publicKey');
  });

  it('bad key IDs', () => {
    for (const keyId of ['', 'a'.repeat(65), 'has space', 'slash/y', 'ü', 7, null]) refuse({ ...json(), keyId }, 'bundle.keyId', /1–64 characters/);
    expect(parseBundle(JSON.stringify({ ...json(), keyId: 'a'.repeat(64) })).keyId).toHaveLength(64);
  });

  it('bad curve, threshold, algorithm, shares and wrapped values', () => {
    refuse({ ...json(), curve: 'P-521' }, 'bundle.curve');
    refuse({ ...json(), curve: 'constructor' }, 'bundle.curve');
    for (const threshold of [0, 255, 1.5, '1']) refuse({ ...json(), threshold }, 'bundle.threshold');
    refuse({ ...json(), shares: [] }, 'bundle.shares');
    refuse({ ...json(), shares: {} }, 'bundle.shares');
    refuse({ ...json(), shares: [null] }, 'bundle.shares[0]');
    const alg = json();
    alg.shares[0]!.algorithm = 'RSA-OAEP-SHA1';
    refuse(alg, 'bundle.shares[0].algorithm', /RSA-OAEP-SHA256/);
    for (const wrappedShare of ['', '***', 5]) {
      const o = json();
      o.shares[0]!.wrappedShare = wrappedShare;
      refuse(o, 'bundle.shares[0].wrappedShare');
    }
  });

  it('text that is not a JSON object', () => {
    expectCryptoError(() => parseBundle('{"format":'), 'invalid-bundle', { field: 'bundle', message: /not JSON/ });
    expectCryptoError(() => parseBundle('[]'), 'invalid-bundle', { field: 'bundle' });
    expectCryptoError(() => parseBundle('null', 'files[2]'), 'invalid-bundle', { field: 'files[2]' });
    expectCryptoError(() => validateBundle('x'), 'invalid-bundle');
  });

  it('serializeBundle validates what it writes', () => {
    expectCryptoError(() => serializeBundle(validBundle({ threshold: 0 })), 'invalid-bundle', { message: /threshold/ });
    expectCryptoError(() => serializeBundle(validBundle({ keyId: 'bad id' })), 'invalid-bundle', { message: /keyId/ });
  });
});

describe('mergeBundles', () => {
  const [one, two] = splitBundle(validBundle());

  it('refuses parts whose headers differ, naming the part', () => {
    expect(mergeBundles([one!, two!]).shares).toHaveLength(2);
    expectCryptoError(() => mergeBundles([one!, { ...two!, threshold: 2 }]), 'invalid-bundle', { field: 'bundles[1]', message: /not of the same key/ });
    expectCryptoError(() => mergeBundles([one!, { ...two!, keyId: 'other' }]), 'invalid-bundle', { field: 'bundles[1]' });
    const { keyId: _drop, ...noKeyId } = two!;
    expectCryptoError(() => mergeBundles([one!, noKeyId]), 'invalid-bundle', { field: 'bundles[1]' });
    expectCryptoError(() => mergeBundles([one!, { ...two!, publicKey: SPKI['P-256'], curve: 'P-256' }]), 'invalid-bundle', { field: 'bundles[1]' });
  });

  it('refuses duplicate indices across parts, and an empty list', () => {
    expectCryptoError(() => mergeBundles([one!, one!]), 'invalid-bundle', { message: /duplicate index 1/ });
    expectCryptoError(() => mergeBundles([]), 'invalid-bundle', { field: 'bundles' });
  });
});
