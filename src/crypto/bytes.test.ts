// Edge codecs: strict hex/base64/base64url (no silently skipped characters), fixed-length
// big-endian integers that keep leading zeros, and PEM armour (RFC 7468).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigintToBytes, bytesToBigint, concatBytes, equalBytes, fromBase64, fromBase64Url, fromHex, toBase64, toBase64Url, toHex, wipe } from './bytes.ts';
import { decodePem, encodePem, looksLikePem } from './pem.ts';
import { expectCryptoError } from './test-support/expect-error.ts';

describe('hex and base64', () => {
  it('round-trip any bytes and agree with Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        expect(toHex(b)).toBe(Buffer.from(b).toString('hex'));
        expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
        expect(toBase64Url(b)).toBe(Buffer.from(b).toString('base64url'));
        expect(fromHex(toHex(b))).toEqual(b);
        expect(fromHex(`0x${toHex(b).toUpperCase()}`)).toEqual(b);
        expect(fromBase64(toBase64(b))).toEqual(b);
        expect(fromBase64Url(toBase64Url(b))).toEqual(b);
      }),
      { numRuns: 200 },
    );
  });

  it('refuse what lenient decoders would skip or guess', () => {
    expectCryptoError(() => fromHex('abc'), 'invalid-encoding', { field: 'hex', message: /odd number/ });
    expectCryptoError(() => fromHex('zz', 'seed'), 'invalid-encoding', { field: 'seed', message: /not hex/ });
    expectCryptoError(() => fromHex('ab cd'), 'invalid-encoding');
    expectCryptoError(() => fromBase64('AQI'), 'invalid-encoding', { message: /padded/ });
    expectCryptoError(() => fromBase64('AQ-_'), 'invalid-encoding');
    expectCryptoError(() => fromBase64('A*QI='), 'invalid-encoding');
    expectCryptoError(() => fromBase64Url('AQ+/'), 'invalid-encoding', { field: 'base64url' });
    expect(fromBase64('AQID\nBA==')).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(fromBase64Url('AQ==')).toEqual(Uint8Array.of(1));
  });
});

describe('fixed-length integers', () => {
  it('bigintToBytes keeps leading zeros and bytesToBigint inverts it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }).chain((len) => fc.tuple(fc.constant(len), fc.bigInt({ min: 0n, max: (1n << BigInt(8 * len)) - 1n }))), ([len, v]) => {
        const b = bigintToBytes(v, len);
        expect(b).toHaveLength(len);
        expect(bytesToBigint(b)).toBe(v);
      }),
      { numRuns: 200 },
    );
    expect(bigintToBytes(1n, 4)).toEqual(Uint8Array.of(0, 0, 0, 1));
  });

  it('refuses values that do not fit, negatives and bad lengths', () => {
    expectCryptoError(() => bigintToBytes(256n, 1, 'share'), 'invalid-argument', { field: 'share', message: /does not fit in 1 bytes/ });
    expectCryptoError(() => bigintToBytes(-1n, 4), 'invalid-argument', { field: 'value' });
    expectCryptoError(() => bigintToBytes(1n, 0), 'invalid-argument', { field: 'length' });
  });
});

describe('helpers', () => {
  it('equalBytes, concatBytes and wipe', () => {
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).toBe(false);
    expect(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))).toEqual(Uint8Array.of(1, 2, 3));
    const secret = Uint8Array.of(9, 9);
    wipe(secret, undefined);
    expect(secret).toEqual(new Uint8Array(2));
  });
});

describe('PEM', () => {
  it('encodes 64-column lines and decodes every block in order', () => {
    const der = Uint8Array.from({ length: 100 }, (_, i) => i);
    const pem = encodePem('PUBLIC KEY', der);
    expect(pem.split('\n').slice(1, -2).every((l) => l.length <= 64)).toBe(true);
    expect(looksLikePem(pem)).toBe(true);
    const blocks = decodePem(`junk before\n${encodePem('EC PARAMETERS', Uint8Array.of(6, 1, 0))}\r\n${pem.replace(/\n/g, '\r\n')}trailing`);
    expect(blocks.map((b) => b.label)).toEqual(['EC PARAMETERS', 'PUBLIC KEY']);
    expect(blocks[1]!.der).toEqual(der);
  });

  it('refuses mismatched labels, RFC 1421 headers, encryption, bad base64 and text without a block', () => {
    const pem = encodePem('PRIVATE KEY', Uint8Array.of(1, 2, 3));
    expectCryptoError(() => decodePem(pem.replace('END PRIVATE KEY', 'END PUBLIC KEY')), 'invalid-encoding', { message: /closed by END PUBLIC KEY/ });
    expectCryptoError(() => decodePem(pem.replace('-----\n', '-----\nComment: x\n')), 'invalid-encoding', { message: /RFC 1421 headers/ });
    expectCryptoError(() => decodePem(pem.replace(/PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY'), 'keyFile'), 'unsupported-format', { field: 'keyFile', message: /decrypt it first/ });
    expectCryptoError(() => decodePem(pem.replace('-----\n', '-----\nProc-Type: 4,ENCRYPTED\n')), 'unsupported-format', { message: /password-encrypted/ });
    expectCryptoError(() => decodePem(pem.replace('AQID', 'AQI*')), 'invalid-encoding', { message: /base64/ });
    expectCryptoError(() => decodePem('-----BEGIN PUBLIC KEY-----\nAQID'), 'invalid-encoding', { message: /no complete/ });
  });
});
