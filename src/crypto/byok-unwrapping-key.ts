// The key pair a site's key is exported to for BYOK (`keyferry byok --from-site`): every
// node wraps its share under the public half, which must be on its export whitelist, and
// the private half unwraps them. From one RSA private key (PKCS#8 or PKCS#1 PEM, or DER
// PKCS#8) this gives the non-extractable RSA-OAEP-SHA256 decryption key and the public
// half's DER SPKI, derived with Web Crypto (the modulus and exponent of the private key).
import { copyBytes } from './bytes.ts';
import { der } from './der.ts';
import { CryptoError } from './errors.ts';
import { decodePem, looksLikePem } from './pem.ts';
import { OID_RSA_ENCRYPTION, parseWrappingKey, type PublicKeyInfo } from './public-key.ts';
import { importRsaDecryptKey } from './rsa-oaep.ts';

export interface UnwrappingKeyPair {
  /** RSA-OAEP-SHA256 decryption key, non-extractable. */
  key: CryptoKey;
  /** The public half, checked as a wrapping key (RSA ≥ 2048 bits). */
  publicKey: Extract<PublicKeyInfo, { algorithm: 'RSA' }>;
}

function pkcs8Of(input: Uint8Array, field: string): Uint8Array {
  if (input[0] !== 0x2d) return copyBytes(input);
  const text = new TextDecoder().decode(input);
  if (!looksLikePem(text)) throw new CryptoError('unsupported-format', `${field}: expected a PEM RSA private key or DER PKCS#8`, { field });
  const blocks = decodePem(text, field);
  const p8 = blocks.find((b) => b.label === 'PRIVATE KEY');
  if (p8) return p8.der;
  const p1 = blocks.find((b) => b.label === 'RSA PRIVATE KEY');
  if (p1) return der.encode(der.sequence(der.small(0), der.sequence(der.oid(OID_RSA_ENCRYPTION), der.null()), der.octets(p1.der)));
  throw new CryptoError('unsupported-format', `${field}: PEM block is ${blocks[0]!.label}, expected PRIVATE KEY or RSA PRIVATE KEY`, { field });
}

export async function readUnwrappingKeyPair(input: Uint8Array, field = 'unwrappingKey'): Promise<UnwrappingKeyPair> {
  const key = await importRsaDecryptKey(input, 'SHA-256', field);
  const pkcs8 = pkcs8Of(input, field);
  try {
    // Only n and e leave this briefly extractable handle; the JWK's private members are dropped at once.
    const handle = await globalThis.crypto.subtle.importKey('pkcs8', copyBytes(pkcs8), { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['decrypt']);
    const jwk = await globalThis.crypto.subtle.exportKey('jwk', handle);
    const pub = await globalThis.crypto.subtle.importKey('jwk', { kty: 'RSA', n: jwk.n!, e: jwk.e!, alg: 'RSA-OAEP-256', ext: true }, { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['encrypt']);
    for (const k of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const) delete jwk[k];
    const spki = new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', pub));
    return { key, publicKey: parseWrappingKey(spki, `${field} (public half)`) };
  } finally {
    pkcs8.fill(0);
  }
}
