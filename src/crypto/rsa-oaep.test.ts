// RSA-OAEP: what we encrypt, node:crypto decrypts (SHA-256 and SHA-1, MGF1 the same hash,
// empty label); what node encrypts, our imported keys decrypt; and the refusals.
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { importRsaDecryptKey, importRsaEncryptKey, importRsaEncryptKeyCached, oaepCapacity, rsaOaepDecrypt, rsaOaepEncrypt, rsaOaepEncryptWith, toRsaPublicKey } from './rsa-oaep.ts';
import { parseWrappingKey } from './public-key.ts';
import { expectCryptoError, expectCryptoErrorAsync } from './test-support/expect-error.ts';
import { rsaFixture, webCryptoDecryptKey, type RsaFixture } from './test-support/rsa.ts';

const nodeDecrypt = (fx: RsaFixture, ciphertext: Uint8Array, oaepHash: 'sha256' | 'sha1') =>
  new Uint8Array(privateDecrypt({ key: fx.privateKey, oaepHash, padding: constants.RSA_PKCS1_OAEP_PADDING }, ciphertext));

let rsa: RsaFixture;
let other: RsaFixture;
let rsa1024: RsaFixture;
beforeAll(async () => {
  [rsa, other, rsa1024] = await Promise.all([rsaFixture(2048), rsaFixture(2048), rsaFixture(1024)]);
});

describe('our encryption, node:crypto decryption', () => {
  it('RSA-OAEP-SHA256: any plaintext up to the capacity', async () => {
    const key = parseWrappingKey(rsa.spkiPem);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: oaepCapacity(key) }), async (plaintext) => {
        const ct = await rsaOaepEncrypt(key, plaintext);
        expect(ct).toHaveLength(256);
        expect(nodeDecrypt(rsa, ct, 'sha256')).toEqual(plaintext);
      }),
      { numRuns: 30 },
    );
  });

  it('RSA-OAEP-SHA1 (the KMS variant), and the two hashes are not interchangeable', async () => {
    const plaintext = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const sha1 = await rsaOaepEncrypt(rsa.spkiDer, plaintext, 'SHA-1');
    expect(nodeDecrypt(rsa, sha1, 'sha1')).toEqual(plaintext);
    expect(() => nodeDecrypt(rsa, sha1, 'sha256')).toThrow();
    const sha256 = await rsaOaepEncrypt(rsa.spkiDer, plaintext, 'SHA-256');
    expect(() => nodeDecrypt(rsa, sha256, 'sha1')).toThrow();
  });

  it('encryption is randomized (OAEP seed), and rsaOaepEncryptWith on an imported key agrees', async () => {
    const plaintext = Uint8Array.of(1, 2, 3);
    const a = await rsaOaepEncrypt(rsa.pkcs1PublicPem, plaintext);
    const b = await rsaOaepEncrypt(rsa.pkcs1PublicPem, plaintext);
    expect(a).not.toEqual(b);
    const cryptoKey = await importRsaEncryptKey(parseWrappingKey(rsa.spkiDer));
    expect(cryptoKey.extractable).toBe(false);
    expect(nodeDecrypt(rsa, await rsaOaepEncryptWith(cryptoKey, plaintext), 'sha256')).toEqual(plaintext);
  });

  it('the cached import returns one CryptoKey per parsed key object', async () => {
    const key = parseWrappingKey(rsa.spkiDer);
    const [a, b] = await Promise.all([importRsaEncryptKeyCached(key), importRsaEncryptKeyCached(key)]);
    expect(a).toBe(b);
    expect(await importRsaEncryptKeyCached(parseWrappingKey(rsa.spkiDer))).not.toBe(a);
    expect(nodeDecrypt(rsa, await rsaOaepEncryptWith(a, Uint8Array.of(9)), 'sha256')).toEqual(Uint8Array.of(9));
  });
});

describe('node:crypto encryption, our decryption', () => {
  it('importRsaDecryptKey reads PKCS#8 PEM, PKCS#1 PEM, PKCS#8 DER and PEM bytes, non-extractable', async () => {
    const plaintext = globalThis.crypto.getRandomValues(new Uint8Array(48));
    const ct = new Uint8Array(publicEncrypt({ key: rsa.publicKey, oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING }, plaintext));
    for (const input of [rsa.pkcs8Pem, rsa.pkcs1PrivatePem, rsa.pkcs8Der, new TextEncoder().encode(rsa.pkcs1PrivatePem)]) {
      const key = await importRsaDecryptKey(input);
      expect(key.extractable).toBe(false);
      expect(await rsaOaepDecrypt(key, ct)).toEqual(plaintext);
    }
    const sha1Key = await importRsaDecryptKey(rsa.pkcs8Pem, 'SHA-1');
    const sha1Ct = new Uint8Array(publicEncrypt({ key: rsa.publicKey, oaepHash: 'sha1', padding: constants.RSA_PKCS1_OAEP_PADDING }, plaintext));
    expect(await rsaOaepDecrypt(sha1Key, sha1Ct)).toEqual(plaintext);
  });

  it('a wrong key, a wrong hash or a corrupted ciphertext is decrypt-failed, naming the field', async () => {
    const ct = await rsaOaepEncrypt(rsa.spkiDer, Uint8Array.of(1, 2, 3));
    await expectCryptoErrorAsync(async () => rsaOaepDecrypt(await webCryptoDecryptKey(other), ct, 'wrappedShare'), 'decrypt-failed', { field: 'wrappedShare' });
    await expectCryptoErrorAsync(async () => rsaOaepDecrypt(await webCryptoDecryptKey(rsa, 'SHA-1'), ct), 'decrypt-failed', { field: 'ciphertext' });
    const corrupted = ct.slice();
    corrupted[100]! ^= 1;
    await expectCryptoErrorAsync(async () => rsaOaepDecrypt(await webCryptoDecryptKey(rsa), corrupted), 'decrypt-failed', { message: /wrong unwrapping key/ });
  });

  it('importRsaDecryptKey refuses public keys, EC keys and non-key input', async () => {
    await expectCryptoErrorAsync(() => importRsaDecryptKey(rsa.spkiPem), 'unsupported-format', { field: 'unwrappingKey' });
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expectCryptoErrorAsync(() => importRsaDecryptKey(ec), 'unsupported-format', { message: /not an RSA private key/ });
    await expectCryptoErrorAsync(() => importRsaDecryptKey('not a key'), 'unsupported-format');
    await expectCryptoErrorAsync(() => importRsaDecryptKey(Uint8Array.of(0x30, 0x03, 0x02, 0x01)), 'invalid-encoding');
  });
});

describe('refusals before encryption', () => {
  it('plaintext over the OAEP capacity k − 2·hLen − 2', async () => {
    const key = parseWrappingKey(rsa.spkiDer);
    expect(oaepCapacity(key)).toBe(256 - 64 - 2);
    expect(oaepCapacity(key, 'SHA-1')).toBe(256 - 40 - 2);
    await expectCryptoErrorAsync(() => rsaOaepEncrypt(key, new Uint8Array(191)), 'invalid-argument', { field: 'plaintext', message: /190/ });
    expect(nodeDecrypt(rsa, await rsaOaepEncrypt(key, new Uint8Array(214), 'SHA-1'), 'sha1')).toHaveLength(214);
  });

  it('weak, non-RSA and malformed wrapping keys; unknown hashes', async () => {
    await expectCryptoErrorAsync(() => rsaOaepEncrypt(rsa1024.spkiPem, Uint8Array.of(1)), 'weak-key', { field: 'wrappingKey' });
    const ec = new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'der' }));
    await expectCryptoErrorAsync(() => rsaOaepEncrypt(ec, Uint8Array.of(1)), 'unsupported-algorithm', { field: 'wrappingKey' });
    await expectCryptoErrorAsync(() => rsaOaepEncrypt(rsa.spkiDer, Uint8Array.of(1), 'SHA-512' as never), 'unsupported-algorithm', { field: 'hash' });
    expectCryptoError(() => toRsaPublicKey('MIIB', 'whitelist[2]'), 'invalid-encoding', { field: 'whitelist[2]' });
    expectCryptoError(() => toRsaPublicKey(null as never), 'invalid-argument', { field: 'wrappingKey' });
  });
});
