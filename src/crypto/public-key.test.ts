// SubjectPublicKeyInfo: our EC/Ed25519 encoding against node:crypto's, RSA parsing and
// fingerprints against node's export, every accepted input form, and strict-DER refusals.
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getCurve, type CurveName } from './curves.ts';
import { encodePem } from './pem.ts';
import { parsePrivateKey } from './private-key/parse.ts';
import { encodeSpki, fingerprint, parsePkcs1PublicKey, parsePublicKey, parseSpki, parseWrappingKey, spkiToBase64 } from './public-key.ts';
import { bits, hex, int, nul, oid, replaceBytes, seq, tlv } from './test-support/der.ts';
import { expectCryptoError } from './test-support/expect-error.ts';
import { rsaFixture, type RsaFixture } from './test-support/rsa.ts';

const NODE_CURVE: Record<Exclude<CurveName, 'Ed25519'>, string> = { secp256k1: 'secp256k1', 'P-256': 'prime256v1', 'P-384': 'secp384r1' };

function nodeKeyPair(curve: CurveName): { privateKey: KeyObject; publicKey: KeyObject } {
  return curve === 'Ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: NODE_CURVE[curve] });
}

const spkiOf = (key: KeyObject) => new Uint8Array(key.export({ type: 'spki', format: 'der' }));

/** The public point of an EC or Ed25519 SPKI. */
function pointOf(spki: Uint8Array): Uint8Array {
  const key = parseSpki(spki);
  if (key.algorithm === 'RSA') throw new Error('expected an EC or Ed25519 key');
  return key.point;
}

describe('encodeSpki equals node:crypto’s SPKI export', () => {
  it.each(['secp256k1', 'P-256', 'P-384', 'Ed25519'] as const)('%s (node-generated keys, read from node’s PKCS#8)', (name) => {
    for (let i = 0; i < 10; i++) {
      const { privateKey, publicKey } = nodeKeyPair(name);
      const key = parsePrivateKey(new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' })));
      expect(key.curve).toBe(name);
      const ours = encodeSpki(getCurve(name), key.publicKey);
      expect(ours).toEqual(spkiOf(publicKey));
      // and the strict parser reads node's SPKI back to the same point
      const parsed = parseSpki(spkiOf(publicKey));
      expect(parsed.algorithm).toBe(name === 'Ed25519' ? 'Ed25519' : 'EC');
      expect(parsed.der).toEqual(ours);
      expect(fingerprint(parsed.der)).toBe(createHash('sha256').update(spkiOf(publicKey)).digest('hex'));
    }
  });

  it('a compressed EC point is accepted and re-encoded uncompressed', () => {
    const { publicKey } = nodeKeyPair('P-256');
    const jwk = publicKey.export({ format: 'jwk' });
    const y = Buffer.from(jwk.y!, 'base64url');
    const compressed = Uint8Array.of(y[y.length - 1]! & 1 ? 3 : 2, ...Buffer.from(jwk.x!, 'base64url'));
    const spki = seq(seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), bits(compressed));
    const parsed = parseSpki(spki);
    expect(parsed.der).toEqual(spkiOf(publicKey));
  });
});

describe('RSA public keys against node:crypto', () => {
  let rsa: RsaFixture;
  let rsa1024: RsaFixture;
  beforeAll(async () => {
    [rsa, rsa1024] = await Promise.all([rsaFixture(2048), rsaFixture(1024)]);
  });

  it('SPKI DER: bits, exponent, modulus, and fingerprint = sha256 of node’s export', () => {
    const key = parseWrappingKey(rsa.spkiDer);
    expect(key.bits).toBe(2048);
    expect(key.exponent).toBe(65537);
    expect(Buffer.from(key.modulus).toString('base64url')).toBe(rsa.publicKey.export({ format: 'jwk' }).n);
    expect(key.der).toEqual(rsa.spkiDer);
    expect(fingerprint(key.der)).toBe(createHash('sha256').update(rsa.spkiDer).digest('hex'));
    expect(fingerprint(key.der)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('every accepted input form gives node’s SPKI bytes and names its format', () => {
    const pkcs1Der = new Uint8Array(rsa.publicKey.export({ type: 'pkcs1', format: 'der' }));
    const cases: [string | Uint8Array, string][] = [
      [rsa.spkiPem, 'spki-pem'],
      [rsa.pkcs1PublicPem, 'pkcs1-pem'],
      [rsa.spkiDer, 'spki-der'],
      [pkcs1Der, 'pkcs1-der'],
      [spkiToBase64(rsa.spkiDer), 'spki-base64'],
      [Buffer.from(pkcs1Der).toString('base64'), 'pkcs1-base64'],
      [new TextEncoder().encode(rsa.spkiPem), 'spki-pem'],
      [`\n  ${rsa.pkcs1PublicPem}\n`, 'pkcs1-pem'],
    ];
    for (const [input, format] of cases) {
      const { key, format: detected } = parsePublicKey(input);
      expect(detected).toBe(format);
      expect(key.der).toEqual(rsa.spkiDer);
    }
    expect(parsePkcs1PublicKey(pkcs1Der).der).toEqual(rsa.spkiDer);
  });

  it('RSA-1024 is parsed by parsePublicKey but refused as a wrapping key', () => {
    const { key } = parsePublicKey(rsa1024.spkiPem);
    expect(key.algorithm === 'RSA' && key.bits).toBe(1024);
    expectCryptoError(() => parseWrappingKey(rsa1024.spkiPem), 'weak-key', { field: 'wrappingKey', message: /1024 bits.*at least 2048/ });
    expectCryptoError(() => parseWrappingKey(rsa1024.pkcs1PublicPem, 'whitelist[0]'), 'weak-key', { field: 'whitelist[0]' });
  });

  it('EC and Ed25519 keys are refused as wrapping keys', () => {
    for (const name of ['P-256', 'Ed25519'] as const) {
      expectCryptoError(() => parseWrappingKey(spkiOf(nodeKeyPair(name).publicKey)), 'unsupported-algorithm', { message: /must be RSA/ });
    }
  });

  it('non-minimal INTEGER, negative modulus, even modulus and bad exponents are refused', () => {
    const jwk = rsa.publicKey.export({ format: 'jwk' });
    const n = Buffer.from(jwk.n!, 'base64url');
    const spki = (pkcs1: Uint8Array) => seq(seq(oid('1.2.840.113549.1.1.1'), nul()), bits(pkcs1));
    const modulus = tlv(0x02, Uint8Array.of(0, ...n));
    expect(parseSpki(spki(seq(modulus, int(1, 0, 1)))).der).toEqual(rsa.spkiDer);
    expectCryptoError(() => parseSpki(spki(seq(modulus, int(0, 1, 0, 1)))), 'invalid-encoding', { message: /non-minimal INTEGER/ });
    expectCryptoError(() => parseSpki(spki(seq(tlv(0x02, Uint8Array.of(0, 0, ...n)), int(1, 0, 1)))), 'invalid-encoding', { message: /non-minimal INTEGER/ });
    expectCryptoError(() => parseSpki(spki(seq(tlv(0x02, n), int(1, 0, 1)))), 'invalid-encoding', { message: /negative/ });
    const even = Uint8Array.of(0, ...n);
    even[even.length - 1]! &= 0xfe;
    expectCryptoError(() => parseSpki(spki(seq(tlv(0x02, even), int(1, 0, 1)))), 'invalid-encoding', { message: /even/ });
    for (const e of [[1], [2], [0x01, 0x00, 0x00, 0x00, 0x01]]) {
      expectCryptoError(() => parseSpki(spki(seq(modulus, int(...e)))), 'invalid-encoding', { message: /exponent/ });
    }
    // rsaEncryption parameters must be NULL
    expectCryptoError(() => parseSpki(seq(seq(oid('1.2.840.113549.1.1.1')), bits(seq(modulus, int(1, 0, 1))))), 'invalid-encoding', { message: /NULL/ });
  });
});

describe('strict SPKI DER refusals', () => {
  const p256 = spkiOf(nodeKeyPair('P-256').publicKey);
  const ed = spkiOf(nodeKeyPair('Ed25519').publicKey);

  it('the unmodified fixtures parse (so each refusal below is for the one change made)', () => {
    expect(parseSpki(p256).der).toEqual(p256);
    expect(parseSpki(ed).der).toEqual(ed);
    expect(p256[0]).toBe(0x30);
    expect(p256[1]).toBe(p256.length - 2); // short-form length, as the surgery below assumes
  });

  it('trailing bytes', () => {
    expectCryptoError(() => parseSpki(Uint8Array.of(...p256, 0)), 'invalid-encoding', { field: 'publicKey', message: /1 trailing byte\(s\) after the structure/ });
    expectCryptoError(() => parseSpki(Uint8Array.of(...p256, 0x05, 0x00)), 'invalid-encoding', { message: /trailing/ });
  });

  it('non-canonical lengths: long form for a short length, leading zero, indefinite', () => {
    expectCryptoError(() => parseSpki(Uint8Array.of(0x30, 0x81, p256[1]!, ...p256.subarray(2))), 'invalid-encoding', { message: /long form for a short length/ });
    expectCryptoError(() => parseSpki(Uint8Array.of(0x30, 0x82, 0x00, p256[1]!, ...p256.subarray(2))), 'invalid-encoding', { message: /non-canonical length/ });
    expectCryptoError(() => parseSpki(Uint8Array.of(0x30, 0x80, ...p256.subarray(2), 0, 0)), 'invalid-encoding', { message: /indefinite/ });
  });

  it('elements asn1js cannot decode (an empty GeneralizedTime) are invalid-encoding, not a stray Error', () => {
    for (const bytes of [hex('1800'), hex('30021800'), hex('3003180141')]) {
      expectCryptoError(() => parseSpki(bytes), 'invalid-encoding', { message: /not DER/ });
      expectCryptoError(() => parsePublicKey(bytes), 'invalid-encoding');
    }
    // Inside a SEQUENCE the private-key reader takes it as DER too, and refuses it the same way.
    expectCryptoError(() => parsePrivateKey(hex('30021800')), 'invalid-encoding', { message: /not DER/ });
  });

  it('truncated input and empty input', () => {
    expectCryptoError(() => parseSpki(p256.subarray(0, p256.length - 1)), 'invalid-encoding');
    expectCryptoError(() => parseSpki(new Uint8Array(0)), 'invalid-encoding', { message: /empty/ });
  });

  it('unknown algorithm OID and unknown EC curve OID (P-521)', () => {
    const dsa = replaceBytes(p256, oid('1.2.840.10045.2.1'), oid('1.2.840.10045.2.9'));
    expectCryptoError(() => parseSpki(dsa), 'unsupported-algorithm', { message: /unknown public key algorithm 1\.2\.840\.10045\.2\.9/ });
    const p521 = spkiOf(generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).publicKey);
    expectCryptoError(() => parseSpki(p521), 'unsupported-algorithm', { message: /1\.3\.132\.0\.35/ });
    expectCryptoError(() => parsePublicKey(encodePem('PUBLIC KEY', p521)), 'unsupported-algorithm');
    const x25519 = spkiOf(generateKeyPairSync('x25519').publicKey);
    expectCryptoError(() => parseSpki(x25519), 'unsupported-algorithm', { message: /1\.3\.101\.110/ });
  });

  it('Ed25519 SPKI with parameters', () => {
    const point = pointOf(ed);
    expect(parseSpki(seq(seq(oid('1.3.101.112')), bits(point))).der).toEqual(ed);
    expectCryptoError(() => parseSpki(seq(seq(oid('1.3.101.112'), nul()), bits(point))), 'invalid-encoding', { message: /no parameters/ });
  });

  it('BIT STRING with unused bits, or a malformed unused-bits byte', () => {
    const at = p256.length - 66; // 03 42 00 04 …: index of the unused-bits byte
    expect(p256[at - 2]).toBe(0x03);
    const unused = p256.slice();
    unused[at] = 1;
    expectCryptoError(() => parseSpki(unused), 'invalid-encoding', { message: /unused bits/ });
    unused[at] = 8;
    expectCryptoError(() => parseSpki(unused), 'invalid-encoding', { message: /malformed BIT STRING/ });
  });

  it('a point that is not on the curve, and an EC SPKI holding an Ed25519-sized key', () => {
    const off = p256.slice();
    off[off.length - 1]! ^= 1;
    expectCryptoError(() => parseSpki(off), 'invalid-point');
    const point = pointOf(ed);
    expectCryptoError(() => parseSpki(seq(seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), bits(point))), 'invalid-point');
    expectCryptoError(() => encodeSpki(getCurve('secp256k1'), pointOf(p256)), 'invalid-point');
  });

  it('wrong structure: not a SEQUENCE, extra elements, missing curve parameter', () => {
    expectCryptoError(() => parseSpki(hex('0500')), 'invalid-encoding', { message: /SEQUENCE/ });
    expectCryptoError(() => parseSpki(seq(seq(oid('1.3.101.112')), bits(pointOf(ed)), nul())), 'invalid-encoding', { message: /elements/ });
    expectCryptoError(() => parseSpki(seq(seq(oid('1.2.840.10045.2.1')), bits(pointOf(p256)))), 'invalid-encoding', { message: /OBJECT IDENTIFIER/ });
  });
});

describe('parsePublicKey text forms', () => {
  const ed = spkiOf(nodeKeyPair('Ed25519').publicKey);

  it('reads PEM among other blocks, and one-line base64 DER', () => {
    const pem = `-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n${encodePem('PUBLIC KEY', ed)}`;
    expect(parsePublicKey(pem).key.der).toEqual(ed);
    expect(parsePublicKey(spkiToBase64(ed))).toMatchObject({ format: 'spki-base64' });
  });

  it('refuses a PEM label that is not a public key, a mismatched END, and non-key text', () => {
    expectCryptoError(() => parsePublicKey(encodePem('CERTIFICATE', ed)), 'unsupported-format', { message: /not a public key/ });
    expectCryptoError(() => parsePublicKey(encodePem('PUBLIC KEY', ed).replace('END PUBLIC KEY', 'END PRIVATE KEY')), 'invalid-encoding', { message: /closed by END/ });
    expectCryptoError(() => parsePublicKey('hello world'), 'unsupported-format', { field: 'publicKey' });
    expectCryptoError(() => parsePublicKey('', 'whitelist[3]'), 'unsupported-format', { field: 'whitelist[3]' });
  });
});
