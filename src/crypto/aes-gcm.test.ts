// AES-GCM for the IBM import-token nonce: node:crypto opens what we seal (tag appended),
// we open what node seals, and tampering or a wrong key is decrypt-failed.
import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aesGcmDecrypt, aesGcmEncrypt } from './aes-gcm.ts';
import { expectCryptoErrorAsync } from './test-support/expect-error.ts';

const keyArb = fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));

describe('AES-GCM against node:crypto', () => {
  it('node opens what we seal; we open what node seals', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, fc.uint8Array({ maxLength: 100 }), async (key, plaintext) => {
        const { iv, ciphertext } = await aesGcmEncrypt(key, plaintext);
        expect(iv).toHaveLength(12);
        expect(ciphertext).toHaveLength(plaintext.length + 16);
        const d = createDecipheriv(`aes-${key.length * 8}-gcm` as CipherGCMTypes, key, iv);
        d.setAuthTag(ciphertext.subarray(-16));
        expect(new Uint8Array(Buffer.concat([d.update(ciphertext.subarray(0, -16)), d.final()]))).toEqual(plaintext);
        const c = createCipheriv(`aes-${key.length * 8}-gcm` as CipherGCMTypes, key, iv);
        const sealed = new Uint8Array(Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]));
        expect(await aesGcmDecrypt(key, iv, sealed)).toEqual(plaintext);
      }),
      { numRuns: 50 },
    );
  });

  it('the IV comes from the injected rng', async () => {
    const iv = Uint8Array.from({ length: 12 }, (_, i) => i);
    expect((await aesGcmEncrypt(new Uint8Array(32), Uint8Array.of(1), () => iv.slice())).iv).toEqual(iv);
    await expectCryptoErrorAsync(() => aesGcmEncrypt(new Uint8Array(32), Uint8Array.of(1), () => new Uint8Array(16)), 'invalid-argument', { field: 'iv' });
  });

  it('a wrong key, wrong IV or flipped bit is decrypt-failed; bad key lengths are invalid-argument', async () => {
    const key = new Uint8Array(32).fill(3);
    const { iv, ciphertext } = await aesGcmEncrypt(key, Uint8Array.of(1, 2, 3));
    await expectCryptoErrorAsync(() => aesGcmDecrypt(new Uint8Array(32), iv, ciphertext), 'decrypt-failed', { field: 'ciphertext' });
    await expectCryptoErrorAsync(() => aesGcmDecrypt(key, new Uint8Array(12), ciphertext), 'decrypt-failed');
    const flipped = ciphertext.slice();
    flipped[0]! ^= 1;
    await expectCryptoErrorAsync(() => aesGcmDecrypt(key, iv, flipped), 'decrypt-failed');
    await expectCryptoErrorAsync(() => aesGcmEncrypt(new Uint8Array(20), Uint8Array.of(1)), 'invalid-argument', { field: 'key' });
  });
});
