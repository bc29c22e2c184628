// Keys for e2e made by node:crypto, an implementation independent of Keyferry's core,
// with their expected fingerprints (lowercase hex SHA-256 of the DER SPKI).
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface TestKey {
  pem: string;
  fingerprint: string;
}

function fingerprintOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function rsaPublicKey(modulusLength = 2048): TestKey {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return { pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint: fingerprintOf(publicKey) };
}

export function ecPrivateKey(namedCurve: 'secp256k1' | 'prime256v1' | 'secp384r1'): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve });
  return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), fingerprint: fingerprintOf(publicKey) };
}
