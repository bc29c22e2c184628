// AES key wrap: RFC 3394 (KW, whole 64-bit blocks) and RFC 5649 (KWP, with padding, the
// one RSA-AES key wrap and node-local raw backups use). The algorithms are @noble/ciphers';
// this file adds input checks and turns an integrity failure into a typed error.
import { aeskw, aeskwp } from '@noble/ciphers/aes.js';
import { abytes } from './_guards.ts';
import { CryptoError } from './errors.ts';

function kek(key: Uint8Array): Uint8Array {
  return abytes(key, 'kek', 16, 24, 32);
}

/** RFC 5649 wrap of 1..2^32 bytes. */
export function kwpWrap(key: Uint8Array, plaintext: Uint8Array): Uint8Array {
  abytes(plaintext, 'plaintext');
  if (plaintext.length === 0) throw new CryptoError('invalid-argument', '"plaintext" must not be empty (RFC 5649 §4.1)', { field: 'plaintext' });
  return aeskwp(kek(key)).encrypt(plaintext);
}

export function kwpUnwrap(key: Uint8Array, wrapped: Uint8Array, field = 'wrapped'): Uint8Array {
  abytes(wrapped, field);
  const cipher = aeskwp(kek(key));
  try {
    return cipher.decrypt(wrapped);
  } catch (cause) {
    throw new CryptoError('decrypt-failed', `${field}: AES-KWP integrity check failed (wrong key or corrupted data)`, { field, cause });
  }
}

/** RFC 3394 wrap; plaintext a multiple of 8 bytes, at least 16. */
export function kwWrap(key: Uint8Array, plaintext: Uint8Array): Uint8Array {
  abytes(plaintext, 'plaintext');
  if (plaintext.length < 16 || plaintext.length % 8 !== 0) {
    throw new CryptoError('invalid-argument', `"plaintext" must be a multiple of 8 bytes and at least 16 for RFC 3394, got ${plaintext.length}`, { field: 'plaintext' });
  }
  return aeskw(kek(key)).encrypt(plaintext);
}

export function kwUnwrap(key: Uint8Array, wrapped: Uint8Array, field = 'wrapped'): Uint8Array {
  abytes(wrapped, field);
  const cipher = aeskw(kek(key));
  try {
    return cipher.decrypt(wrapped);
  } catch (cause) {
    throw new CryptoError('decrypt-failed', `${field}: AES-KW integrity check failed (wrong key or corrupted data)`, { field, cause });
  }
}
