// Robustness: on arbitrary input every parser either returns or throws a CryptoError —
// never a TypeError, RangeError or DOMException from asn1js, atob, JSON or noble. Inputs
// are random bytes and strings plus near-misses of valid keys and bundles (mutated DER,
// PEM armour around junk, JSON with wrong shapes), which reach deeper code paths.
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as core from './test-support/core.ts';

const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ed = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const DER_SAMPLES: Uint8Array[] = [
  ec.publicKey.export({ type: 'spki', format: 'der' }),
  ec.privateKey.export({ type: 'pkcs8', format: 'der' }),
  ec.privateKey.export({ type: 'sec1', format: 'der' }),
  ed.publicKey.export({ type: 'spki', format: 'der' }),
  ed.privateKey.export({ type: 'pkcs8', format: 'der' }),
  rsa.publicKey.export({ type: 'spki', format: 'der' }),
  rsa.publicKey.export({ type: 'pkcs1', format: 'der' }),
].map((b) => new Uint8Array(b));
const PEM_LABELS = ['PRIVATE KEY', 'EC PRIVATE KEY', 'PUBLIC KEY', 'RSA PUBLIC KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'CERTIFICATE'];

/** A valid DER sample with a few bytes changed, inserted or cut. */
const mutatedDer = fc
  .tuple(fc.constantFrom(...DER_SAMPLES), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(), fc.constantFrom('flip', 'cut', 'grow'))
  .map(([sample, edits, cut, mode]) => {
    let out = sample.slice();
    for (const [at, value] of edits) out[at % out.length] = value;
    if (mode === 'cut') out = out.subarray(0, cut % out.length);
    if (mode === 'grow') out = Uint8Array.of(...out, ...edits.map(([, v]) => v));
    return out;
  });

/** One small TLV of any universal tag, alone or inside a SEQUENCE: reaches asn1js's per-type decoders. */
const smallTlv = fc
  .tuple(fc.integer({ min: 1, max: 30 }), fc.uint8Array({ maxLength: 12 }), fc.boolean())
  .map(([tag, content, nested]) => {
    const tlv = Uint8Array.of(tag, content.length, ...content);
    return nested ? Uint8Array.of(0x30, tlv.length, ...tlv) : tlv;
  });

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const pemArb = fc
  .tuple(fc.constantFrom(...PEM_LABELS), fc.oneof(mutatedDer, fc.uint8Array({ maxLength: 120 })), fc.boolean(), fc.constantFrom('', 'Proc-Type: 4,ENCRYPTED\n', 'X: y\n'))
  .map(([label, der, wrap, header]) => {
    const body = wrap ? (b64(der).match(/.{1,64}/g) ?? []).join('\n') : b64(der);
    return `-----BEGIN ${label}-----\n${header}${body}\n-----END ${label}-----\n`;
  });

const base58 = fc.string({ unit: fc.constantFrom(...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'), minLength: 40, maxLength: 115 });

const textArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'binary-ascii', maxLength: 200 }),
  pemArb,
  mutatedDer.map(b64),
  mutatedDer.map((d) => Buffer.from(d).toString('hex')),
  fc.stringMatching(/^MI[A-Za-z0-9+/=]{0,80}$/),
  fc.stringMatching(/^(0x)?[0-9a-fA-F]{0,130}$/),
  base58.map((s) => `xprv${s}`),
  base58.map((s) => `xpub${s}`),
  base58.map((s) => `K${s.slice(0, 51)}`),
  base58.map((s) => `5${s.slice(0, 50)}`),
  fc.json(),
  fc.record({ kty: fc.constantFrom('EC', 'OKP', 'RSA', 'oct', '__proto__'), crv: fc.constantFrom('P-256', 'secp256k1', 'P-384', 'Ed25519', 'constructor', 'toString'), d: fc.base64String(), x: fc.base64String(), y: fc.base64String() }, { requiredKeys: ['kty'] }).map((o) => JSON.stringify(o)),
);

const bytesArb: fc.Arbitrary<Uint8Array> = fc.oneof(fc.uint8Array({ maxLength: 200 }), mutatedDer, smallTlv, textArb.map((t) => new TextEncoder().encode(t)));

function onlyCryptoErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e, `threw ${(e as Error)?.name}: ${(e as Error)?.message}`).toBeInstanceOf(core.CryptoError);
  }
}

async function onlyCryptoErrorsAsync(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    expect(e, `threw ${(e as Error)?.name}: ${(e as Error)?.message}`).toBeInstanceOf(core.CryptoError);
  }
}

const RUNS = { numRuns: 300 };
const optionsArb = fc.record(
  { curve: fc.constantFrom(...core.CURVE_NAMES), ed25519Hex: fc.constantFrom('seed', 'scalar') as fc.Arbitrary<'seed' | 'scalar'> },
  { requiredKeys: [] },
);

describe('parsers throw only CryptoError', () => {
  it('parsePrivateKey (text and bytes, any options)', () => {
    fc.assert(fc.property(fc.oneof(textArb, bytesArb), optionsArb, (input, options) => onlyCryptoErrors(() => core.parsePrivateKey(input, options))), RUNS);
  });

  it('parsePublicKey, parseWrappingKey and parseSpki', () => {
    fc.assert(
      fc.property(fc.oneof(textArb, bytesArb), bytesArb, (input, der) => {
        onlyCryptoErrors(() => core.parsePublicKey(input));
        onlyCryptoErrors(() => core.parseWrappingKey(input));
        onlyCryptoErrors(() => core.parseSpki(der));
        onlyCryptoErrors(() => core.parsePkcs1PublicKey(der));
      }),
      RUNS,
    );
  });

  it('decodePem', () => {
    fc.assert(fc.property(fc.oneof(textArb, pemArb.map((p) => p.replace(/-----END [A-Z ]+-----/, '-----END PUBLIC KEY-----'))), (text) => onlyCryptoErrors(() => core.decodePem(text))), RUNS);
  });

  it('parseImportToken', () => {
    const tokenArb = fc.oneof(
      textArb,
      fc.record({ payload: fc.oneof(textArb, pemArb.map((p) => Buffer.from(p).toString('base64'))), nonce: fc.oneof(fc.base64String(), fc.string()) }).map((o) => JSON.stringify(o)),
    );
    fc.assert(fc.property(tokenArb, (text) => onlyCryptoErrors(() => core.parseImportToken(text))), RUNS);
  });

  it('parseBundle (random text, and a valid bundle with one field replaced by any JSON value)', () => {
    const curve = core.getCurve('P-256');
    const valid = {
      format: 'keyferry-bundle/1',
      curve: 'P-256',
      threshold: 1,
      publicKey: core.toBase64(core.encodeSpki(curve, core.publicKeyFromScalar(curve, core.scalarToBytes(curve, 99n)))),
      keyId: 'k',
      shares: [{ index: 1, wrappingKeyFingerprint: 'ab'.repeat(32), algorithm: 'RSA-OAEP-SHA256', wrappedShare: 'AQID' }],
    };
    const mutated = fc
      .tuple(fc.constantFrom('format', 'curve', 'threshold', 'publicKey', 'keyId', 'shares', 'index', 'wrappingKeyFingerprint', 'algorithm', 'wrappedShare', 'wrappedChainCode', '__proto__'), fc.jsonValue())
      .map(([key, value]) => {
        const o: Record<string, unknown> = structuredClone(valid);
        const share = (o.shares as Record<string, unknown>[])[0]!;
        if (key in o || key === '__proto__') o[key] = value;
        else share[key] = value;
        return JSON.stringify(o);
      });
    expect(core.parseBundle(JSON.stringify(valid)).curve).toBe('P-256');
    fc.assert(fc.property(fc.oneof(textArb, mutated), (text) => onlyCryptoErrors(() => core.parseBundle(text))), RUNS);
  });

  it('inspectKey (async)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(textArb, bytesArb), fc.record({ curve: fc.constantFrom(...core.CURVE_NAMES) }, { requiredKeys: [] }), (input, options) =>
        onlyCryptoErrorsAsync(() => core.inspectKey(input, options)),
      ),
      { numRuns: 200 },
    );
  });

  it('the near-miss generators do reach past the first checks (some inputs parse)', () => {
    const parsed = fc.sample(mutatedDer, { numRuns: 300, seed: 1 }).filter((d) => {
      try {
        core.parsePrivateKey(d);
        return true;
      } catch {
        try {
          core.parsePublicKey(d);
          return true;
        } catch {
          return false;
        }
      }
    });
    expect(parsed.length).toBeGreaterThan(0);
  });
});
