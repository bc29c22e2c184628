import { describe, expect, it } from 'vitest';
import { classifyKeyFile, formatBytes, KeyFileError, MAX_KEY_FILE_BYTES } from './key-file.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('classifyKeyFile', () => {
  it('reads PEM, hex and JSON files as text', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\r\nMFkwEwYHKoZIzj0CAQ==\r\n-----END PUBLIC KEY-----\n';
    expect(classifyKeyFile(utf8(pem))).toEqual({ kind: 'text', text: pem });
    expect(classifyKeyFile(utf8('\t0xdeadbeef\n'))).toEqual({ kind: 'text', text: '\t0xdeadbeef\n' });
    expect(classifyKeyFile(utf8('{"kty":"EC"}'))).toEqual({ kind: 'text', text: '{"kty":"EC"}' });
  });

  it('drops a UTF-8 byte order mark', () => {
    expect(classifyKeyFile(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ kind: 'text', text: 'A' });
  });

  it('keeps DER and other binary files as a copy of the bytes', () => {
    const der = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05]);
    const result = classifyKeyFile(der);
    expect(result).toEqual({ kind: 'binary', bytes: der });
    if (result.kind !== 'binary') throw new Error('unreachable');
    expect(result.bytes).not.toBe(der);
    expect(classifyKeyFile(new Uint8Array([0xff, 0xfe, 0x41])).kind).toBe('binary'); // invalid UTF-8
  });

  it('refuses empty and oversized files, naming the file', () => {
    expect(() => classifyKeyFile(new Uint8Array(0), 'key.pem')).toThrow(KeyFileError);
    expect(() => classifyKeyFile(new Uint8Array(0), 'key.pem')).toThrow(/"key\.pem" is empty/);
    expect(() => classifyKeyFile(new Uint8Array(MAX_KEY_FILE_BYTES + 1), 'dump.bin')).toThrow(/"dump\.bin" is 1\.0 MiB, too large/);
  });

  it('rejects a wrong input type', () => {
    expect(() => classifyKeyFile('pem' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('formatBytes', () => {
  it.each([
    [1, '1 byte'],
    [121, '121 bytes'],
    [2048, '2.0 KiB'],
    [20480, '20 KiB'],
    [3 * 1024 * 1024, '3.0 MiB'],
  ])('%i → %s', (n, text) => expect(formatBytes(n)).toBe(text));
});
