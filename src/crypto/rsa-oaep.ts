// RSA-OAEP (RFC 8017 §7.1) through Web Crypto: the wrapping primitive for shares and
// chain codes (SHA-256, MGF1-SHA-256, empty label) and, where a cloud KMS insists, SHA-1.
// Wrapping keys are parsed by the strict SPKI reader first, so keys under 2048 bits or
// that are not RSA never reach Web Crypto. Imported CryptoKeys are non-extractable.
import { abytes } from './_guards.ts';
import { copyBytes } from './bytes.ts';
import { der, parseDer, asSequence } from './der.ts';
import { CryptoError } from './errors.ts';
import { decodePem, looksLikePem } from './pem.ts';
import { OID_RSA_ENCRYPTION, parseWrappingKey, type PublicKeyInfo } from './public-key.ts';

export type OaepHash = 'SHA-256' | 'SHA-1';
export type RsaPublicKey = Extract<PublicKeyInfo, { algorithm: 'RSA' }>;

const HASH_BYTES: Record<OaepHash, number> = { 'SHA-256': 32, 'SHA-1': 20 };

function checkHash(hash: OaepHash): OaepHash {
  if (hash !== 'SHA-256' && hash !== 'SHA-1') {
    throw new CryptoError('unsupported-algorithm', `"hash" must be SHA-256 or SHA-1, got "${String(hash)}"`, { field: 'hash' });
  }
  return hash;
}

/** Largest message OAEP can carry under this key: k − 2·hLen − 2 (RFC 8017 §7.1.1). */
export function oaepCapacity(key: RsaPublicKey, hash: OaepHash = 'SHA-256'): number {
  return Math.ceil(key.bits / 8) - 2 * HASH_BYTES[checkHash(hash)] - 2;
}

/** Accepts a parsed RSA key, or any public-key input parseWrappingKey understands. */
export function toRsaPublicKey(key: RsaPublicKey | string | Uint8Array, field = 'wrappingKey'): RsaPublicKey {
  if (typeof key === 'object' && key !== null && !(key instanceof Uint8Array) && key.algorithm === 'RSA') return key;
  return parseWrappingKey(key as string | Uint8Array, field);
}

export async function importRsaEncryptKey(key: RsaPublicKey, hash: OaepHash = 'SHA-256'): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('spki', copyBytes(key.der), { name: 'RSA-OAEP', hash: checkHash(hash) }, false, ['encrypt']);
}

const importedSha256 = new WeakMap<RsaPublicKey, Promise<CryptoKey>>();

/** SHA-256 encryption key for a parsed wrapping key, imported once per parsed-key object. */
export function importRsaEncryptKeyCached(key: RsaPublicKey): Promise<CryptoKey> {
  let imported = importedSha256.get(key);
  if (!imported) {
    imported = importRsaEncryptKey(key, 'SHA-256');
    importedSha256.set(key, imported);
  }
  return imported;
}

export async function rsaOaepEncrypt(
  wrappingKey: RsaPublicKey | string | Uint8Array,
  plaintext: Uint8Array,
  hash: OaepHash = 'SHA-256',
): Promise<Uint8Array> {
  const data = copyBytes(abytes(plaintext, 'plaintext'));
  const key = toRsaPublicKey(wrappingKey);
  if (data.length > oaepCapacity(key, hash)) {
    throw new CryptoError('invalid-argument', `"plaintext" of ${data.length} bytes exceeds what RSA-OAEP-${hash} can carry under a ${key.bits}-bit key (${oaepCapacity(key, hash)})`, {
      field: 'plaintext',
    });
  }
  const cryptoKey = await importRsaEncryptKey(key, hash);
  return new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'RSA-OAEP' }, cryptoKey, data));
}

/** For keys already imported (e.g. many shares under one node's key). */
export async function rsaOaepEncryptWith(cryptoKey: CryptoKey, plaintext: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'RSA-OAEP' }, cryptoKey, copyBytes(abytes(plaintext, 'plaintext'))));
}

export async function rsaOaepDecrypt(privateKey: CryptoKey, ciphertext: Uint8Array, field = 'ciphertext'): Promise<Uint8Array> {
  const data = copyBytes(abytes(ciphertext, field));
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'RSA-OAEP' }, privateKey, data));
  } catch (cause) {
    throw new CryptoError('decrypt-failed', `${field}: RSA-OAEP decryption failed (wrong unwrapping key, wrong hash, or corrupted data)`, { field, cause });
  }
}

/**
 * An RSA private key (PEM "PRIVATE KEY", PEM "RSA PRIVATE KEY", or DER PKCS#8) as a
 * non-extractable RSA-OAEP decryption CryptoKey. PKCS#1 is wrapped into PKCS#8 first.
 */
export async function importRsaDecryptKey(input: string | Uint8Array, hash: OaepHash = 'SHA-256', field = 'unwrappingKey'): Promise<CryptoKey> {
  let pkcs8: Uint8Array;
  const text = typeof input === 'string' ? input : undefined;
  if (text !== undefined || (input instanceof Uint8Array && input[0] === 0x2d)) {
    const pemText = text ?? new TextDecoder().decode(input as Uint8Array);
    if (!looksLikePem(pemText)) throw new CryptoError('unsupported-format', `${field}: expected a PEM RSA private key or DER PKCS#8`, { field });
    const blocks = decodePem(pemText, field);
    const p8 = blocks.find((b) => b.label === 'PRIVATE KEY');
    const p1 = blocks.find((b) => b.label === 'RSA PRIVATE KEY');
    if (p8) pkcs8 = p8.der;
    else if (p1) pkcs8 = der.encode(der.sequence(der.small(0), der.sequence(der.oid(OID_RSA_ENCRYPTION), der.null()), der.octets(p1.der)));
    else throw new CryptoError('unsupported-format', `${field}: PEM block is ${blocks[0]!.label}, expected PRIVATE KEY or RSA PRIVATE KEY`, { field });
  } else {
    pkcs8 = copyBytes(abytes(input, field));
  }
  asSequence(parseDer(pkcs8, field), field, 3, 5);
  try {
    return await globalThis.crypto.subtle.importKey('pkcs8', copyBytes(pkcs8), { name: 'RSA-OAEP', hash: checkHash(hash) }, false, ['decrypt']);
  } catch (cause) {
    throw new CryptoError('unsupported-format', `${field}: not an RSA private key Web Crypto accepts (${(cause as Error).message})`, { field, cause });
  }
}
