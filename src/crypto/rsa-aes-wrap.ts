// RSA-AES key wrap (PKCS#11 CKM_RSA_AES_KEY_WRAP, as AWS, Google Cloud KMS, Azure and
// Vault use it): a fresh AES-256 key is encrypted with RSA-OAEP (empty label), the
// payload is wrapped under it with AES-KWP (RFC 5649), and the two are concatenated.
import { abytes, aint } from './_guards.ts';
import { concatBytes, wipe } from './bytes.ts';
import { kwpUnwrap, kwpWrap } from './aes-kw.ts';
import { CryptoError } from './errors.ts';
import { randomBytes, type Rng } from './random.ts';
import { rsaOaepDecrypt, rsaOaepEncrypt, toRsaPublicKey, type OaepHash, type RsaPublicKey } from './rsa-oaep.ts';

export async function rsaAesWrap(
  wrappingKey: RsaPublicKey | string | Uint8Array,
  payload: Uint8Array,
  hash: OaepHash = 'SHA-256',
  rng: Rng = randomBytes,
): Promise<Uint8Array> {
  const data = abytes(payload, 'payload').slice();
  const key = toRsaPublicKey(wrappingKey);
  const ephemeral = rng(32);
  abytes(ephemeral, 'rng output', 32);
  try {
    const wrappedKey = await rsaOaepEncrypt(key, ephemeral, hash);
    return concatBytes(wrappedKey, kwpWrap(ephemeral, data));
  } finally {
    wipe(ephemeral, data);
  }
}

/** Inverse of rsaAesWrap; `modulusBytes` tells where the RSA part ends. */
export async function rsaAesUnwrap(privateKey: CryptoKey, blob: Uint8Array, modulusBytes: number): Promise<Uint8Array> {
  abytes(blob, 'blob');
  aint(modulusBytes, 'modulusBytes', 64, 2048);
  if (blob.length < modulusBytes + 16) {
    throw new CryptoError('invalid-argument', `"blob" of ${blob.length} bytes is too short for an RSA-AES wrap under a ${modulusBytes * 8}-bit key`, { field: 'blob' });
  }
  const ephemeral = await rsaOaepDecrypt(privateKey, blob.subarray(0, modulusBytes), 'blob (RSA part)');
  try {
    if (ephemeral.length !== 32) throw new CryptoError('decrypt-failed', 'blob: the RSA part does not hold an AES-256 key', { field: 'blob' });
    return kwpUnwrap(ephemeral, blob.subarray(modulusBytes), 'blob (AES-KWP part)');
  } finally {
    wipe(ephemeral);
  }
}
