// AES-KW (RFC 3394) and AES-KWP (RFC 5649): published vectors, round trips, refusals,
// and cross-checks against node:crypto's and OpenSSL's wrap-pad ciphers.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kwpUnwrap, kwpWrap, kwUnwrap, kwWrap } from './aes-kw.ts';
import { hex, toHexString } from './test-support/der.ts';
import { expectCryptoError } from './test-support/expect-error.ts';
import { opensslKwpUnwrap, withTempDir } from './test-support/openssl.ts';

const KEK_128 = hex('000102030405060708090A0B0C0D0E0F');
const KEK_192 = hex('000102030405060708090A0B0C0D0E0F1011121314151617');
const KEK_256 = hex('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F');
const DATA_128 = hex('00112233445566778899AABBCCDDEEFF');
const DATA_192 = hex('00112233445566778899AABBCCDDEEFF0001020304050607');
const DATA_256 = hex('00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F');

describe('RFC 3394 §4 vectors (kwWrap / kwUnwrap)', () => {
  const vectors = [
    { section: '4.1', kek: KEK_128, data: DATA_128, wrapped: '1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5' },
    { section: '4.2', kek: KEK_192, data: DATA_128, wrapped: '96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D' },
    { section: '4.3', kek: KEK_256, data: DATA_128, wrapped: '64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7' },
    { section: '4.4', kek: KEK_192, data: DATA_192, wrapped: '031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2' },
    { section: '4.5', kek: KEK_256, data: DATA_192, wrapped: 'A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1' },
    { section: '4.6', kek: KEK_256, data: DATA_256, wrapped: '28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21' },
  ];
  it.each(vectors)('§$section wraps and unwraps', ({ kek, data, wrapped }) => {
    expect(toHexString(kwWrap(kek, data))).toBe(wrapped.replace(/\s/g, '').toLowerCase());
    expect(kwUnwrap(kek, hex(wrapped))).toEqual(data);
  });

  it('refuses a tampered wrap with decrypt-failed', () => {
    const wrapped = hex(vectors[0]!.wrapped);
    wrapped[5]! ^= 1;
    expectCryptoError(() => kwUnwrap(KEK_128, wrapped), 'decrypt-failed', { field: 'wrapped' });
  });

  it('refuses plaintexts that are not a multiple of 8 bytes or shorter than 16', () => {
    for (const length of [0, 8, 15, 17, 23]) {
      expectCryptoError(() => kwWrap(KEK_128, new Uint8Array(length)), 'invalid-argument', { field: 'plaintext' });
    }
  });
});

describe('RFC 5649 §6 vectors (kwpWrap / kwpUnwrap)', () => {
  const kek = hex('5840df6e29b02af1 ab493b705bf16ea1 ae8338f4dcc176a8');
  const vectors = [
    { name: '20 octets', key: 'c37b7e6492584340 bed1220780894115 5068f738', wrapped: '138bdeaa9b8fa7fc 61f97742e72248ee 5ae6ae5360d1ae6a 5f54f373fa543b6a' },
    { name: '7 octets', key: '466f7250617369', wrapped: 'afbeb0f07dfbf541 9200f2ccb50bb24f' },
  ];
  it.each(vectors)('$name wraps and unwraps', ({ key, wrapped }) => {
    expect(toHexString(kwpWrap(kek, hex(key)))).toBe(wrapped.replace(/\s/g, ''));
    expect(toHexString(kwpUnwrap(kek, hex(wrapped)))).toBe(key.replace(/\s/g, ''));
  });

  it('refuses the vector under a different KEK, and a truncated wrap', () => {
    const otherKek = kek.slice();
    otherKek[0]! ^= 0x80;
    expectCryptoError(() => kwpUnwrap(otherKek, hex(vectors[0]!.wrapped)), 'decrypt-failed', { message: /integrity/ });
    expectCryptoError(() => kwpUnwrap(kek, hex(vectors[0]!.wrapped).subarray(0, 24), 'backup'), 'decrypt-failed', { field: 'backup' });
  });

  it('refuses an empty plaintext and KEKs of the wrong length', () => {
    expectCryptoError(() => kwpWrap(kek, new Uint8Array(0)), 'invalid-argument', { field: 'plaintext' });
    for (const length of [0, 15, 20, 33]) {
      expectCryptoError(() => kwpWrap(new Uint8Array(length), Uint8Array.of(1)), 'invalid-argument', { field: 'kek', message: /length 16 or 24 or 32/ });
      // A bad KEK is an argument error on unwrap too, not an "integrity check failed".
      expectCryptoError(() => kwpUnwrap(new Uint8Array(length), hex(vectors[0]!.wrapped)), 'invalid-argument', { field: 'kek' });
      expectCryptoError(() => kwUnwrap(new Uint8Array(length), hex(vectors[0]!.wrapped)), 'invalid-argument', { field: 'kek' });
    }
  });
});

describe('AES-KWP round trips and independent implementations', () => {
  const kekArb = fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
  const payloadArb = fc.uint8Array({ minLength: 1, maxLength: 300 });
  const AIV = Buffer.from('A65959A6', 'hex');

  it('kwpUnwrap(kwpWrap(x)) = x for any KEK size and payload length', () => {
    fc.assert(fc.property(kekArb, payloadArb, (k, p) => {
      expect(kwpUnwrap(k, kwpWrap(k, p))).toEqual(p);
    }), { numRuns: 200 });
  });

  it('kwWrap agrees with node:crypto id-aesN-wrap and unwraps its output', () => {
    fc.assert(
      fc.property(kekArb, fc.integer({ min: 2, max: 16 }).chain((blocks) => fc.uint8Array({ minLength: blocks * 8, maxLength: blocks * 8 })), (k, p) => {
        const cipher = createCipheriv(`id-aes${k.length * 8}-wrap`, k, Buffer.from('A6A6A6A6A6A6A6A6', 'hex'));
        const nodeWrapped = Buffer.concat([cipher.update(p), cipher.final()]);
        expect(toHexString(kwWrap(k, p))).toBe(nodeWrapped.toString('hex'));
        expect(kwUnwrap(k, new Uint8Array(nodeWrapped))).toEqual(p);
      }),
      { numRuns: 100 },
    );
  });

  it('node:crypto id-aesN-wrap-pad unwraps kwpWrap output, and kwpUnwrap reads node’s', () => {
    fc.assert(
      fc.property(kekArb, payloadArb, (k, p) => {
        const decipher = createDecipheriv(`id-aes${k.length * 8}-wrap-pad`, k, AIV);
        expect(new Uint8Array(Buffer.concat([decipher.update(kwpWrap(k, p)), decipher.final()]))).toEqual(p);
        const cipher = createCipheriv(`id-aes${k.length * 8}-wrap-pad`, k, AIV);
        expect(kwpUnwrap(k, new Uint8Array(Buffer.concat([cipher.update(p), cipher.final()])))).toEqual(p);
      }),
      { numRuns: 100 },
    );
  });

  it('openssl enc -d -id-aes256-wrap-pad unwraps kwpWrap output', async () => {
    await withTempDir((dir) => {
      for (const length of [1, 7, 8, 20, 32, 121]) {
        const kek = globalThis.crypto.getRandomValues(new Uint8Array(32));
        const payload = globalThis.crypto.getRandomValues(new Uint8Array(length));
        expect(opensslKwpUnwrap(dir, kek, kwpWrap(kek, payload))).toEqual(payload);
      }
    });
  });
});
