// The key the BYOK page sends, as the bytes a KMS imports and as the ByokMaterial the
// compatibility check judges: a private key becomes PKCS#8 DER (EC, Ed25519 seed, or RSA
// — PKCS#1 RSA keys wrapped into PKCS#8 by the core's byok-rsa-key.ts), a symmetric or
// HMAC key stays its raw bytes. Runs in the BYOK worker only.
import { fromBase64, fromHex, utf8, wipe } from '../../../crypto/bytes.ts';
import type { ByokMaterial } from '../../../crypto/byok-compat.ts';
import { readRsaKeyMaterial } from '../../../crypto/byok-rsa-key.ts';
import { CryptoError } from '../../../crypto/errors.ts';
import { encodePkcs8 } from '../../../crypto/private-key/pkcs8.ts';
import { parsePrivateKey } from '../../../crypto/private-key/parse.ts';
import type { ParsePrivateKeyOptions, PrivateKey } from '../../../crypto/private-key/types.ts';
import { asciiText } from '../../../crypto/public-key.ts';

/** What gets wrapped, and what it is. `bytes` is the caller's to wipe. */
export interface Material {
  bytes: Uint8Array;
  material: ByokMaterial;
}

/** An RSA private key (PKCS#8 or PKCS#1, PEM or DER) as PKCS#8 DER, or undefined if the input is none. */
export function readRsaPrivateKey(input: string | Uint8Array): Material | undefined {
  const bytes = typeof input === 'string' ? utf8(input) : input;
  try {
    const rsa = readRsaKeyMaterial(bytes);
    return rsa && { bytes: rsa.pkcs8, material: rsa.material };
  } finally {
    if (typeof input === 'string') wipe(bytes);
  }
}

/** A Keyferry private key (EC or Ed25519) as PKCS#8, or — for an Ed25519 scalar, which has no PKCS#8 — no bytes at all. */
export function privateKeyMaterial(key: PrivateKey): Material {
  if (key.curve === 'Ed25519') {
    if (!key.seed) return { bytes: new Uint8Array(0), material: { kind: 'ed25519', form: 'scalar' } };
    return { bytes: encodePkcs8(key), material: { kind: 'ed25519', form: 'seed' } };
  }
  return { bytes: encodePkcs8(key), material: { kind: 'ec', curve: key.curve } };
}

export type SymmetricKind = 'symmetric' | 'hmac';

/** A pasted raw symmetric or HMAC key: hex (0x optional) or base64. */
export function readRawKey(input: string | Uint8Array, kind: SymmetricKind): Material {
  const text = typeof input === 'string' ? input.trim() : asciiText(input)?.trim();
  const bytes = text === undefined ? (input as Uint8Array).slice() : /^(0x)?[0-9a-fA-F]+$/.test(text) ? fromHex(text, 'key') : fromBase64(text, 'key');
  if (bytes.length === 0) throw new CryptoError('invalid-argument', 'key: the raw key is empty', { field: 'key' });
  return { bytes, material: { kind, bytes: bytes.length } };
}

/** A pasted or dropped private key in any format the core reads, or an RSA private key. */
export function readExternalKey(input: string | Uint8Array, options: ParsePrivateKeyOptions): Material {
  const rsa = readRsaPrivateKey(input);
  if (rsa) return rsa;
  const key = parsePrivateKey(input, options);
  try {
    return privateKeyMaterial(key);
  } finally {
    wipe(key.scalar, key.seed, key.chainCode);
  }
}
