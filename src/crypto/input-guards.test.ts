// The wrong-type table: every main exported function, given null, a number, a string or
// an array where it expects bytes (or text, or a number), refuses with
// CryptoError('invalid-argument') naming the field — never a TypeError from deep inside.
import { beforeAll, describe, expect, it } from 'vitest';
import * as core from './test-support/core.ts';
import { expectCryptoError, expectCryptoErrorAsync } from './test-support/expect-error.ts';
import { rsaFixture, webCryptoDecryptKey, type RsaFixture } from './test-support/rsa.ts';

const BYTES_BAD: unknown[] = [null, undefined, 42, 'abcd', [1, 2, 3], { length: 32 }];
const TEXT_BAD: unknown[] = [null, undefined, 42, [1, 2, 3], { text: 'x' }];
const TEXT_OR_BYTES_BAD: unknown[] = [null, undefined, 42, [1, 2, 3], { der: 'x' }];
const INT_BAD: unknown[] = [null, '3', 2.5, [3], Number.NaN];

const p256 = core.getCurve('P-256');
const scalar = core.scalarToBytes(p256, 12345n);
const kek = new Uint8Array(32).fill(1);

interface Row {
  name: string;
  field: string | RegExp;
  bad: unknown[];
  call: (bad: never) => unknown;
  /** Default: the message quotes the field, as the guards do. */
  message?: RegExp;
  /** Default invalid-argument. */
  code?: core.CryptoErrorCode;
}

let rsa: RsaFixture;
let decryptKey: CryptoKey;
let sharing: core.Sharing;
beforeAll(async () => {
  rsa = await rsaFixture(2048);
  decryptKey = await webCryptoDecryptKey(rsa);
  sharing = core.split(p256, scalar, { n: 3, t: 1 });
});

const share = (value: unknown) => ({ index: 1, value }) as core.Share;
const fakeBundle = (): core.Bundle => ({
  format: 'keyferry-bundle/1',
  curve: 'P-256',
  threshold: 1,
  publicKey: core.encodeSpki(p256, core.publicKeyFromScalar(p256, scalar)),
  shares: [1, 2, 3].map((index) => ({ index, wrappingKeyFingerprint: 'ab'.repeat(32), algorithm: 'RSA-OAEP-SHA256', wrappedShare: new Uint8Array(256) })),
});

const SYNC_ROWS: Row[] = [
  { name: 'toHex', field: 'bytes', bad: BYTES_BAD, call: (b) => core.toHex(b) },
  { name: 'toBase64', field: 'bytes', bad: BYTES_BAD, call: (b) => core.toBase64(b) },
  { name: 'toBase64Url', field: 'bytes', bad: BYTES_BAD, call: (b) => core.toBase64Url(b) },
  { name: 'fromHex', field: 'hex', bad: TEXT_BAD, call: (b) => core.fromHex(b) },
  { name: 'fromBase64', field: 'base64', bad: TEXT_BAD, call: (b) => core.fromBase64(b) },
  { name: 'fromBase64Url', field: 'base64url', bad: TEXT_BAD, call: (b) => core.fromBase64Url(b) },
  { name: 'equalBytes', field: 'a', bad: BYTES_BAD, call: (b) => core.equalBytes(b, scalar) },
  { name: 'concatBytes', field: 'parts[1]', bad: BYTES_BAD, call: (b) => core.concatBytes(scalar, b) },
  { name: 'bytesToBigint', field: 'bytes', bad: BYTES_BAD, call: (b) => core.bytesToBigint(b) },
  { name: 'bigintToBytes', field: 'value', bad: [null, 42, '42', [42]], call: (b) => core.bigintToBytes(b, 32) },
  { name: 'parseCurveName', field: 'curve', bad: TEXT_BAD, call: (b) => core.parseCurveName(b) },
  { name: 'scalarFromBytes', field: 'scalar', bad: BYTES_BAD, call: (b) => core.scalarFromBytes(p256, b) },
  { name: 'publicKeyFromScalar', field: 'scalar', bad: BYTES_BAD, call: (b) => core.publicKeyFromScalar(p256, b) },
  { name: 'ed25519SeedToScalar', field: 'seed', bad: BYTES_BAD, call: (b) => core.ed25519SeedToScalar(b) },
  { name: 'ed25519PublicKeyFromSeed', field: 'seed', bad: BYTES_BAD, call: (b) => core.ed25519PublicKeyFromSeed(b) },
  { name: 'randomScalar (rng)', field: 'rng', bad: [null, 42, 'rng', [1]], call: (b) => core.randomScalar(p256, b) },
  { name: 'checkSharingParams (n)', field: 'n', bad: INT_BAD, call: (b) => core.checkSharingParams({ n: b, t: 1 }) },
  { name: 'checkSharingParams (t)', field: 't', bad: INT_BAD, call: (b) => core.checkSharingParams({ n: 3, t: b }) },
  { name: 'split (secret)', field: 'secret', bad: BYTES_BAD, call: (b) => core.split(p256, b, { n: 3, t: 1 }) },
  { name: 'split (params)', field: 'params', bad: [null, 42, 'n=3'], call: (b) => core.split(p256, scalar, b) },
  { name: 'splitShares (secret)', field: 'secret', bad: BYTES_BAD, call: (b) => core.splitShares(p256, b, { n: 3, t: 1 }) },
  { name: 'splitZero (params.t)', field: 't', bad: INT_BAD, call: (b) => core.splitZero(p256, { n: 3, t: b }) },
  { name: 'combine (shares)', field: 'shares', bad: [null, 42, 'abcd', { 0: 1 }], call: (b) => core.combine(p256, b) },
  { name: 'combine (share value)', field: 'shares[0].value', bad: BYTES_BAD, call: (b) => core.combine(p256, [share(b), sharing.shares[1]!]) },
  { name: 'combine (share index)', field: 'shares[1].index', bad: INT_BAD, call: (b) => core.combine(p256, [sharing.shares[0]!, { index: b, value: sharing.shares[1]!.value } as never]) },
  { name: 'combine (threshold)', field: 'threshold', bad: INT_BAD, call: (b) => core.combine(p256, sharing.shares, { threshold: b }) },
  { name: 'addShares', field: 'a.value', bad: BYTES_BAD, call: (b) => core.addShares(p256, share(b), sharing.shares[0]!) },
  { name: 'verifyShare (share value)', field: 'share.value', bad: BYTES_BAD, call: (b) => core.verifyShare(p256, share(b), sharing.commitments) },
  { name: 'verifyShare (commitments)', field: /^commitments/, bad: [null, 42, 'abcd', [1, 2, 3]], call: (b) => core.verifyShare(p256, sharing.shares[0]!, b), message: /"commitments(\[0\])?"/ },
  { name: 'verifyPublicShares (points)', field: 'points', bad: [null, 42, 'abcd'], call: (b) => core.verifyPublicShares(p256, b, 1, sharing.commitments[0]!) },
  { name: 'verifyPublicShares (t)', field: 't', bad: INT_BAD, call: (b) => core.verifyPublicShares(p256, [], b, sharing.commitments[0]!) },
  { name: 'encodeSpki', field: 'point', bad: BYTES_BAD, call: (b) => core.encodeSpki(p256, b) },
  { name: 'parseSpki', field: 'publicKey', bad: BYTES_BAD, call: (b) => core.parseSpki(b) },
  { name: 'parsePkcs1PublicKey', field: 'publicKey', bad: BYTES_BAD, call: (b) => core.parsePkcs1PublicKey(b) },
  { name: 'parsePublicKey', field: 'publicKey', bad: TEXT_OR_BYTES_BAD, call: (b) => core.parsePublicKey(b), message: /"publicKey" expected text or bytes/ },
  { name: 'parseWrappingKey', field: 'wrappingKey', bad: TEXT_OR_BYTES_BAD, call: (b) => core.parseWrappingKey(b) },
  { name: 'toRsaPublicKey', field: 'wrappingKey', bad: TEXT_OR_BYTES_BAD, call: (b) => core.toRsaPublicKey(b) },
  { name: 'fingerprint', field: 'spki', bad: BYTES_BAD, call: (b) => core.fingerprint(b) },
  { name: 'spkiToBase64', field: 'spki', bad: BYTES_BAD, call: (b) => core.spkiToBase64(b) },
  { name: 'decodePem', field: 'pem', bad: TEXT_BAD, call: (b) => core.decodePem(b) },
  { name: 'encodePem', field: 'bytes', bad: BYTES_BAD, call: (b) => core.encodePem('PUBLIC KEY', b) },
  { name: 'parsePrivateKey', field: 'key', bad: TEXT_OR_BYTES_BAD, call: (b) => core.parsePrivateKey(b) },
  { name: 'encodePrivateKey (format)', field: 'format', bad: [null, 42, 'pem', ['hex']], call: (b) => core.encodePrivateKey(core.parsePrivateKey(core.toHex(scalar), { curve: 'P-256' }), b) },
  { name: 'kwWrap (plaintext)', field: 'plaintext', bad: BYTES_BAD, call: (b) => core.kwWrap(kek, b) },
  { name: 'kwWrap (kek)', field: 'kek', bad: BYTES_BAD, call: (b) => core.kwWrap(b, new Uint8Array(16)) },
  { name: 'kwUnwrap', field: 'wrapped', bad: BYTES_BAD, call: (b) => core.kwUnwrap(kek, b) },
  { name: 'kwpWrap (plaintext)', field: 'plaintext', bad: BYTES_BAD, call: (b) => core.kwpWrap(kek, b) },
  { name: 'kwpWrap (kek)', field: 'kek', bad: BYTES_BAD, call: (b) => core.kwpWrap(b, Uint8Array.of(1)) },
  { name: 'kwpUnwrap (wrapped)', field: 'wrapped', bad: BYTES_BAD, call: (b) => core.kwpUnwrap(kek, b) },
  { name: 'kwpUnwrap (kek)', field: 'kek', bad: BYTES_BAD, call: (b) => core.kwpUnwrap(b, new Uint8Array(16)) },
  { name: 'parseImportToken', field: 'importToken', bad: TEXT_BAD, call: (b) => core.parseImportToken(b) },
  { name: 'checkKeyId', field: 'keyId', bad: [null, 42, ['k']], call: (b) => core.checkKeyId(b), code: 'invalid-bundle', message: /1–64 characters/ },
  // Bundles are documents: any wrong shape, including a wrong argument type, is reported as invalid-bundle.
  { name: 'parseBundle', field: 'bundle', bad: TEXT_BAD, call: (b) => core.parseBundle(b), code: 'invalid-bundle', message: /expected JSON text/ },
  { name: 'mergeBundles', field: 'bundles', bad: [null, 42, 'abcd', []], call: (b) => core.mergeBundles(b), code: 'invalid-bundle', message: /at least one bundle/ },
];

describe('synchronous functions', () => {
  for (const row of SYNC_ROWS) {
    it(`${row.name}: ${row.bad.length} wrong-type inputs`, () => {
      for (const bad of row.bad) {
        const e = expectCryptoError(() => row.call(bad as never), row.code ?? 'invalid-argument', { field: row.field });
        const named = row.message ?? (typeof row.field === 'string' ? new RegExp(`"${row.field.replace(/[[\].]/g, '\\$&')}"`) : row.field);
        expect(e.message, `${row.name}(${JSON.stringify(bad)})`).toMatch(named);
      }
    });
  }
});

describe('asynchronous functions', () => {
  const rows: (Omit<Row, 'call'> & { call: (bad: never) => Promise<unknown> })[] = [
    { name: 'inspectKey', field: 'key', bad: TEXT_OR_BYTES_BAD, call: (b) => core.inspectKey(b) },
    { name: 'rsaOaepEncrypt (plaintext)', field: 'plaintext', bad: BYTES_BAD, call: (b) => core.rsaOaepEncrypt(rsa.spkiDer, b) },
    { name: 'rsaOaepEncrypt (wrappingKey)', field: 'wrappingKey', bad: TEXT_OR_BYTES_BAD, call: (b) => core.rsaOaepEncrypt(b, Uint8Array.of(1)) },
    { name: 'rsaOaepEncryptWith', field: 'plaintext', bad: BYTES_BAD, call: async (b) => core.rsaOaepEncryptWith(await core.importRsaEncryptKey(core.parseWrappingKey(rsa.spkiDer)), b) },
    { name: 'rsaOaepDecrypt', field: 'ciphertext', bad: BYTES_BAD, call: (b) => core.rsaOaepDecrypt(decryptKey, b) },
    { name: 'importRsaDecryptKey', field: 'unwrappingKey', bad: TEXT_OR_BYTES_BAD, call: (b) => core.importRsaDecryptKey(b) },
    { name: 'rsaAesWrap', field: 'payload', bad: BYTES_BAD, call: (b) => core.rsaAesWrap(rsa.spkiDer, b) },
    { name: 'rsaAesUnwrap (blob)', field: 'blob', bad: BYTES_BAD, call: (b) => core.rsaAesUnwrap(decryptKey, b, 256) },
    { name: 'rsaAesUnwrap (modulusBytes)', field: 'modulusBytes', bad: [null, '256', 2.5, [256], 4096], call: (b) => core.rsaAesUnwrap(decryptKey, new Uint8Array(300), b) },
    { name: 'aesGcmEncrypt (key)', field: 'key', bad: BYTES_BAD, call: (b) => core.aesGcmEncrypt(b, Uint8Array.of(1)) },
    { name: 'aesGcmEncrypt (plaintext)', field: 'plaintext', bad: BYTES_BAD, call: (b) => core.aesGcmEncrypt(kek, b) },
    { name: 'aesGcmDecrypt (iv)', field: 'iv', bad: BYTES_BAD, call: (b) => core.aesGcmDecrypt(kek, b, new Uint8Array(16)) },
    { name: 'aesGcmDecrypt (ciphertext)', field: 'ciphertext', bad: BYTES_BAD, call: (b) => core.aesGcmDecrypt(kek, new Uint8Array(12), b) },
    {
      name: 'splitAndWrap (key.scalar)',
      field: 'key.scalar',
      bad: BYTES_BAD,
      call: (b) => core.splitAndWrap({ key: { curve: 'P-256', scalar: b }, threshold: 1, wrappingKeys: [rsa.spkiDer, rsa.spkiPem] }),
    },
    {
      name: 'splitAndWrap (chainCode)',
      field: 'chainCode',
      bad: [null, 42, 'abcd', [1, 2, 3]],
      call: (b) => core.splitAndWrap({ key: { curve: 'P-256', scalar, chainCode: b }, threshold: 1, wrappingKeys: [rsa.spkiDer, rsa.spkiPem] }),
    },
    { name: 'splitAndWrap (threshold)', field: 'threshold', bad: INT_BAD, call: (b) => core.splitAndWrap({ key: { curve: 'P-256', scalar }, threshold: b, wrappingKeys: [rsa.spkiDer, rsa.spkiPem] }) },
    {
      name: 'splitAndWrap (wrappingKeys)',
      field: /^wrappingKeys/,
      bad: [null, 42, 'abcd', [1, 2, 3], [null, null]],
      call: (b) => core.splitAndWrap({ key: { curve: 'P-256', scalar }, threshold: 1, wrappingKeys: b }),
      message: /"wrappingKeys(\[0\])?"/,
    },
    { name: 'unwrapAndCombine', field: 'unwrappers', bad: [null, 42, 'abcd', {}], call: (b) => core.unwrapAndCombine(fakeBundle(), b), message: /unwrapping keys/ },
    { name: 'byokWrap (material)', field: 'material', bad: BYTES_BAD, call: (b) => core.byokWrap({ target: 'vault', material: b, wrappingKey: rsa.spkiDer }) },
    { name: 'byokWrap (wrappingKey)', field: 'wrappingKey', bad: [null, 42, [1, 2, 3]], call: (b) => core.byokWrap({ target: 'vault', material: kek, wrappingKey: b }), message: /wrappingKey/ },
    { name: 'byokWrap (target)', field: 'target', bad: [null, 42, 'kms', ['aws']], call: (b) => core.byokWrap({ target: b, material: kek, wrappingKey: rsa.spkiDer }) },
    { name: 'byokWrap (kekId)', field: 'kekId', bad: [null, 42, ['k']], call: (b) => core.byokWrap({ target: 'azure', material: kek, wrappingKey: rsa.spkiDer, kekId: b }), message: /kekId/ },
  ];
  for (const row of rows) {
    it(`${row.name}: ${row.bad.length} wrong-type inputs`, async () => {
      for (const bad of row.bad) {
        const e = await expectCryptoErrorAsync(() => row.call(bad as never), row.code ?? 'invalid-argument', { field: row.field });
        const named = row.message ?? (typeof row.field === 'string' ? new RegExp(`"${row.field.replace(/[[\].]/g, '\\$&')}"`) : row.field);
        expect(e.message, `${row.name}(${JSON.stringify(bad)})`).toMatch(named);
      }
    });
  }
});
