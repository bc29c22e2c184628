// Byte helpers for the edges of the core: strict hex/base64 codecs (no silent skipping
// of bad characters), fixed-length big-endian integers (leading zero bytes are kept),
// constant-shape comparison and best-effort wiping of secret buffers.
import { base64, base64urlnopad, hex as hexCodec } from '@scure/base';
import { abytes, aint, astring } from './_guards.ts';
import { CryptoError } from './errors.ts';

export function toHex(bytes: Uint8Array): string {
  return hexCodec.encode(abytes(bytes, 'bytes'));
}

/** Strict hex: even length, [0-9a-fA-F] only; an optional 0x prefix is accepted. */
export function fromHex(text: string, field = 'hex'): Uint8Array {
  let s = astring(text, field).trim();
  if (s.startsWith('0x') || s.startsWith('0X')) s = s.slice(2);
  if (!/^[0-9a-fA-F]*$/.test(s)) {
    throw new CryptoError('invalid-encoding', `"${field}" is not hex: only 0-9 and a-f are allowed`, { field });
  }
  if (s.length % 2 !== 0) {
    throw new CryptoError('invalid-encoding', `"${field}" has an odd number of hex digits (${s.length})`, { field });
  }
  return hexCodec.decode(s.toLowerCase());
}

export function toBase64(bytes: Uint8Array): string {
  return base64.encode(abytes(bytes, 'bytes'));
}

/** Strict padded standard base64; whitespace (line breaks in pasted text) is ignored. */
export function fromBase64(text: string, field = 'base64'): Uint8Array {
  const s = astring(text, field).replace(/\s+/g, '');
  try {
    return base64.decode(s);
  } catch {
    throw new CryptoError('invalid-encoding', `"${field}" is not valid base64 (standard alphabet, padded)`, { field });
  }
}

export function toBase64Url(bytes: Uint8Array): string {
  return base64urlnopad.encode(abytes(bytes, 'bytes'));
}

/** Unpadded base64url as JWK uses (RFC 7515 §2); trailing '=' padding is tolerated. */
export function fromBase64Url(text: string, field = 'base64url'): Uint8Array {
  const s = astring(text, field).trim().replace(/=+$/, '');
  try {
    return base64urlnopad.decode(s);
  } catch {
    throw new CryptoError('invalid-encoding', `"${field}" is not valid base64url`, { field });
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const [i, p] of parts.entries()) length += abytes(p, `parts[${i}]`).length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Comparison whose running time depends only on the lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  abytes(a, 'a');
  abytes(b, 'b');
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Big-endian unsigned integer of exactly `length` bytes; refuses values that do not fit. */
export function bigintToBytes(value: bigint, length: number, field = 'value'): Uint8Array {
  aint(length, 'length', 1, 1024);
  if (typeof value !== 'bigint' || value < 0n) {
    throw new CryptoError('invalid-argument', `"${field}" expected a non-negative bigint`, { field });
  }
  if (value >> BigInt(length * 8) !== 0n) {
    throw new CryptoError('invalid-argument', `"${field}" does not fit in ${length} bytes`, { field });
  }
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  abytes(bytes, 'bytes');
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Best effort: overwrite a secret buffer once it is no longer needed. */
export function wipe(...buffers: (Uint8Array | undefined)[]): void {
  for (const b of buffers) b?.fill(0);
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Copy a byte input before the first await so later mutation by the caller cannot race us. */
export function copyBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
