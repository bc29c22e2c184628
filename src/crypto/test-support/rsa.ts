// Test helper: RSA key pairs from node:crypto in every form the tests need. Generation
// is slow, so each test file makes its few keys once (in beforeAll) and reuses them.
import { constants, createDecipheriv, generateKeyPair, privateDecrypt, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

export interface RsaFixture {
  bits: number;
  publicKey: KeyObject;
  privateKey: KeyObject;
  spkiDer: Uint8Array;
  spkiPem: string;
  pkcs1PublicPem: string;
  pkcs8Der: Uint8Array;
  pkcs8Pem: string;
  pkcs1PrivatePem: string;
}

const generate = promisify(generateKeyPair);

export async function rsaFixture(bits: number): Promise<RsaFixture> {
  const { publicKey, privateKey } = await generate('rsa', { modulusLength: bits, publicExponent: 65537 });
  return {
    bits,
    publicKey,
    privateKey,
    spkiDer: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    spkiPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    pkcs1PublicPem: publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    pkcs8Der: new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' })),
    pkcs8Pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pkcs1PrivatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

/** Web Crypto RSA-OAEP decryption key for a fixture (independent of our importRsaDecryptKey). */
export async function webCryptoDecryptKey(fixture: RsaFixture, hash: 'SHA-256' | 'SHA-1' = 'SHA-256'): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('pkcs8', new Uint8Array(fixture.pkcs8Der), { name: 'RSA-OAEP', hash }, false, ['decrypt']);
}

/** RSA-AES key wrap undone with node:crypto only: OAEP for the first modulus-length bytes, then KWP. */
export function nodeRsaAesUnwrap(fixture: RsaFixture, blob: Uint8Array, oaepHash: 'sha256' | 'sha1'): Uint8Array {
  const k = fixture.bits / 8;
  const aesKey = privateDecrypt({ key: fixture.privateKey, oaepHash, padding: constants.RSA_PKCS1_OAEP_PADDING }, blob.subarray(0, k));
  if (aesKey.length !== 32) throw new Error(`the RSA part holds ${aesKey.length} bytes, not an AES-256 key`);
  const decipher = createDecipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('A65959A6', 'hex'));
  return new Uint8Array(Buffer.concat([decipher.update(blob.subarray(k)), decipher.final()]));
}

/** RSA-OAEP decryption with node:crypto only. */
export function nodeOaepDecrypt(fixture: RsaFixture, ciphertext: Uint8Array, oaepHash: 'sha256' | 'sha1' = 'sha256'): Uint8Array {
  return new Uint8Array(privateDecrypt({ key: fixture.privateKey, oaepHash, padding: constants.RSA_PKCS1_OAEP_PADDING }, ciphertext));
}
