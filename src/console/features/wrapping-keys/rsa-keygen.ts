// The key sizes a browser wrapping key may have, and generating one: an RSA-OAEP-SHA256 key
// pair whose private half is non-extractable. Runs in a worker (workers/rsa-keygen.worker.ts;
// a 4096-bit key can take seconds); the private key crosses back as a CryptoKey, which
// structured clone keeps opaque, with the public key's DER SPKI bytes.

export const RSA_KEY_SIZES = [2048, 3072, 4096] as const;
export type RsaKeySize = (typeof RSA_KEY_SIZES)[number];
export const DEFAULT_RSA_KEY_SIZE: RsaKeySize = 3072;

export function isRsaKeySize(value: unknown): value is RsaKeySize {
  return RSA_KEY_SIZES.includes(value as RsaKeySize);
}

export interface KeygenRequest {
  bits: RsaKeySize;
}

export interface GeneratedKeyPair {
  spki: Uint8Array;
  privateKey: CryptoKey;
}

export async function generateRsaKeyPair({ bits }: KeygenRequest): Promise<GeneratedKeyPair> {
  const pair = await crypto.subtle.generateKey(
    // RFC 8017 §7.1 RSAES-OAEP with SHA-256; e = 65537.
    { name: 'RSA-OAEP', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    false, // the private key can never be exported; the public key is always extractable
    ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
  );
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { spki, privateKey: pair.privateKey };
}
