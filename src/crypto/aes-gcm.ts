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

/** A non-extractable AES-GCM key, for callers that seal many times under one key (a node's master KEK). */
export async function importGcmKey(key: Uint8Array, usages: readonly ('encrypt' | 'decrypt')[] = ['encrypt', 'decrypt']): Promise<CryptoKey> {
  abytes(key, 'key', 16, 24, 32);
  return globalThis.crypto.subtle.importKey('raw', copyBytes(key), { name: 'AES-GCM' }, false, [...usages]);
}

const keyFor = (key: Uint8Array | CryptoKey, usage: 'encrypt' | 'decrypt') =>
  key instanceof globalThis.CryptoKey ? Promise.resolve(key) : importGcmKey(key, [usage]);

/** `aad` (additional authenticated data) binds the ciphertext to a context, e.g. a key ID. */
export async function aesGcmEncrypt(key: Uint8Array | CryptoKey, plaintext: Uint8Array, rng: Rng = randomBytes, aad?: Uint8Array): Promise<GcmResult> {
  const data = copyBytes(abytes(plaintext, 'plaintext'));
  const additionalData = aad === undefined ? undefined : copyBytes(abytes(aad, 'aad'));
  const iv = copyBytes(abytes(rng(12), 'iv', 12));
  const cryptoKey = await keyFor(key, 'encrypt');
  const params: AesGcmParams = additionalData ? { name: 'AES-GCM', iv, additionalData } : { name: 'AES-GCM', iv };
  const ciphertext = new Uint8Array(await globalThis.crypto.subtle.encrypt(params, cryptoKey, data));
  return { iv, ciphertext };
}

export async function aesGcmDecrypt(key: Uint8Array | CryptoKey, iv: Uint8Array, ciphertext: Uint8Array, aad?: Uint8Array): Promise<Uint8Array> {
  abytes(iv, 'iv', 12);
  const data = copyBytes(abytes(ciphertext, 'ciphertext'));
  const additionalData = aad === undefined ? undefined : copyBytes(abytes(aad, 'aad'));
  const cryptoKey = await keyFor(key, 'decrypt');
  try {
    const params: AesGcmParams = additionalData ? { name: 'AES-GCM', iv: copyBytes(iv), additionalData } : { name: 'AES-GCM', iv: copyBytes(iv) };
    return new Uint8Array(await globalThis.crypto.subtle.decrypt(params, cryptoKey, data));
  } catch (cause) {
    throw new CryptoError('decrypt-failed', 'ciphertext: AES-GCM authentication failed (wrong key, IV, associated data, or corrupted data)', { field: 'ciphertext', cause });
  }
}
