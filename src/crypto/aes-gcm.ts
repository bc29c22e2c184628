// AES-GCM (NIST SP 800-38D) with a random 96-bit IV through Web Crypto, for the one place
// Keyferry needs it: encrypting an import token's nonce under the key material being
// imported (IBM Key Protect). Output is ciphertext ‖ 16-byte tag, as Web Crypto gives it.
import { abytes } from './_guards.ts';
import { copyBytes } from './bytes.ts';
import { CryptoError } from './errors.ts';
import { randomBytes, type Rng } from './random.ts';

export interface GcmResult {
  iv: Uint8Array;
  ciphertext: Uint8Array;
}

async function importGcmKey(key: Uint8Array, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  abytes(key, 'key', 16, 24, 32);
  return globalThis.crypto.subtle.importKey('raw', copyBytes(key), { name: 'AES-GCM' }, false, [usage]);
}

export async function aesGcmEncrypt(key: Uint8Array, plaintext: Uint8Array, rng: Rng = randomBytes): Promise<GcmResult> {
  const data = copyBytes(abytes(plaintext, 'plaintext'));
  const iv = copyBytes(abytes(rng(12), 'iv', 12));
  const cryptoKey = await importGcmKey(key, 'encrypt');
  const ciphertext = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv }, cryptoKey, data));
  return { iv, ciphertext };
}

export async function aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  abytes(iv, 'iv', 12);
  const data = copyBytes(abytes(ciphertext, 'ciphertext'));
  const cryptoKey = await importGcmKey(key, 'decrypt');
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: copyBytes(iv) }, cryptoKey, data));
  } catch (cause) {
    throw new CryptoError('decrypt-failed', 'ciphertext: AES-GCM authentication failed (wrong key, IV or corrupted data)', { field: 'ciphertext', cause });
  }
}
