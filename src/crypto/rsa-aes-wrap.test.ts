// RSA-AES key wrap (CKM_RSA_AES_KEY_WRAP): OAEP(ephemeral AES-256 key) ‖ KWP(payload).
// Checked against node:crypto (split at the modulus length, then id-aes256-wrap-pad) and
// against the OpenSSL CLI (pkeyutl for the OAEP part, enc for the KWP part).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { kwpWrap } from './aes-kw.ts';
import { rsaAesUnwrap, rsaAesWrap } from './rsa-aes-wrap.ts';
import { rsaOaepEncrypt } from './rsa-oaep.ts';
import { expectCryptoErrorAsync } from './test-support/expect-error.ts';
import { opensslKwpUnwrap, opensslOaepDecrypt, withTempDir } from './test-support/openssl.ts';
import { nodeRsaAesUnwrap, rsaFixture, webCryptoDecryptKey, type RsaFixture } from './test-support/rsa.ts';

let rsa: RsaFixture;
let other: RsaFixture;
beforeAll(async () => {
  [rsa, other] = await Promise.all([rsaFixture(2048), rsaFixture(2048)]);
});

describe('rsaAesWrap', () => {
  it('node:crypto unwraps it (SHA-256 and SHA-1), and so does rsaAesUnwrap', async () => {
    const sha256Key = await webCryptoDecryptKey(rsa);
    const sha1Key = await webCryptoDecryptKey(rsa, 'SHA-1');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.boolean(), async (payload, useSha1) => {
        const blob = await rsaAesWrap(rsa.spkiPem, payload, useSha1 ? 'SHA-1' : 'SHA-256');
        expect(blob.length).toBe(256 + 8 * Math.ceil(payload.length / 8) + 8);
        expect(nodeRsaAesUnwrap(rsa, blob, useSha1 ? 'sha1' : 'sha256')).toEqual(payload);
        expect(await rsaAesUnwrap(useSha1 ? sha1Key : sha256Key, blob, 256)).toEqual(payload);
      }),
      { numRuns: 30 },
    );
  });

  it('OpenSSL unwraps it: pkeyutl OAEP for the AES key, enc -id-aes256-wrap-pad for the payload', async () => {
    const payload = globalThis.crypto.getRandomValues(new Uint8Array(121)); // e.g. a PKCS#8 P-256 key
    for (const [hash, md] of [['SHA-256', 'sha256'], ['SHA-1', 'sha1']] as const) {
      const blob = await rsaAesWrap(rsa.spkiDer, payload, hash);
      await withTempDir((dir) => {
        const aesKey = opensslOaepDecrypt(dir, rsa.pkcs8Pem, blob.subarray(0, 256), md);
        expect(aesKey).toHaveLength(32);
        expect(opensslKwpUnwrap(dir, aesKey, blob.subarray(256))).toEqual(payload);
      });
    }
  });

  it('uses the injected rng for the ephemeral key: the KWP part is KWP(rng bytes, payload)', async () => {
    const ephemeral = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    const payload = Uint8Array.of(1, 2, 3, 4, 5);
    const blob = await rsaAesWrap(rsa.spkiDer, payload, 'SHA-256', () => ephemeral.slice());
    expect(blob.subarray(256)).toEqual(kwpWrap(ephemeral, payload));
  });

  it('refuses a wrong key (decrypt-failed), a corrupted KWP part, a short blob, and an rng of the wrong length', async () => {
    const blob = await rsaAesWrap(rsa.spkiDer, Uint8Array.of(7, 7, 7));
    await expectCryptoErrorAsync(async () => rsaAesUnwrap(await webCryptoDecryptKey(other), blob, 256), 'decrypt-failed', { field: 'blob (RSA part)' });
    const corrupted = blob.slice();
    corrupted[corrupted.length - 1]! ^= 1;
    await expectCryptoErrorAsync(async () => rsaAesUnwrap(await webCryptoDecryptKey(rsa), corrupted, 256), 'decrypt-failed', { field: 'blob (AES-KWP part)' });
    await expectCryptoErrorAsync(async () => rsaAesUnwrap(await webCryptoDecryptKey(rsa), blob.subarray(0, 270), 256), 'invalid-argument', { field: 'blob' });
    await expectCryptoErrorAsync(() => rsaAesWrap(rsa.spkiDer, Uint8Array.of(1), 'SHA-256', () => new Uint8Array(16)), 'invalid-argument', { field: 'rng output' });
    await expectCryptoErrorAsync(() => rsaAesWrap(rsa.spkiDer, new Uint8Array(0)), 'invalid-argument', { field: 'plaintext' });
  });

  it('refuses an RSA part that does not hold a 32-byte AES key', async () => {
    const blob = new Uint8Array([...(await rsaOaepEncrypt(rsa.spkiDer, new Uint8Array(16))), ...kwpWrap(new Uint8Array(16), Uint8Array.of(1))]);
    await expectCryptoErrorAsync(async () => rsaAesUnwrap(await webCryptoDecryptKey(rsa), blob, 256), 'decrypt-failed', { message: /AES-256 key/ });
  });
});
