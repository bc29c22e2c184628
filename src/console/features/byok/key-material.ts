// The key the BYOK page sends, as the bytes a KMS imports and as the ByokMaterial the
// compatibility check judges: a private key becomes PKCS#8 DER (EC, Ed25519 seed, or RSA
// — PKCS#1 RSA keys are wrapped into PKCS#8 here, since the core's parsers read only EC and
// Ed25519), a symmetric or HMAC key stays its raw bytes. Runs in the BYOK worker only.
import { fromBase64, fromHex, wipe } from '../../../crypto/bytes.ts';
import type { ByokMaterial } from '../../../crypto/byok-compat.ts';
import { asOctetString, asOid, asSequence, asSmallInteger, asUnsignedInteger, der, parseDer } from '../../../crypto/der.ts';
import { CryptoError } from '../../../crypto/errors.ts';
import { decodePem, looksLikePem } from '../../../crypto/pem.ts';
import { encodePkcs8 } from '../../../crypto/private-key/pkcs8.ts';
import { parsePrivateKey } from '../../../crypto/private-key/parse.ts';
import type { ParsePrivateKeyOptions, PrivateKey } from '../../../crypto/private-key/types.ts';
import { OID_RSA_ENCRYPTION, asciiText } from '../../../crypto/public-key.ts';

/** What gets wrapped, and what it is. `bytes` is the caller's to wipe. */
export interface Material {
  bytes: Uint8Array;
  material: ByokMaterial;
}

/** An RSA private key's modulus size, or undefined when `pkcs1` is not an RSAPrivateKey. */
function rsaBits(pkcs1: Uint8Array): number | undefined {
  try {
    const items = asSequence(parseDer(pkcs1, 'rsaPrivateKey'), 'rsaPrivateKey', 9, 10);
    if (asSmallInteger(items[0], 'rsaPrivateKey.version') !== 0) return undefined;
    const n = asUnsignedInteger(items[1], 'rsaPrivateKey.modulus');
    return (n.length - 1) * 8 + (32 - Math.clz32(n[0]!));
  } catch {
    return undefined;
  }
}

/** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey (RFC 8017 A.1.2, RFC 5208). */
function pkcs8OfRsa(pkcs1: Uint8Array): Uint8Array {
  return der.encode(der.sequence(der.small(0), der.sequence(der.oid(OID_RSA_ENCRYPTION), der.null()), der.octets(pkcs1)));
}

/** The PKCS#1 key inside an RSA PKCS#8, or undefined when `bytes` is not one. */
function rsaInPkcs8(bytes: Uint8Array): Uint8Array | undefined {
  try {
    const items = asSequence(parseDer(bytes, 'key'), 'key', 3, 5);
    const alg = asSequence(items[1], 'key.privateKeyAlgorithm', 1, 2);
    if (asOid(alg[0], 'key.privateKeyAlgorithm.oid') !== OID_RSA_ENCRYPTION) return undefined;
    return asOctetString(items[2], 'key.privateKey');
  } catch {
    return undefined;
  }
}

/** An RSA private key (PKCS#8 or PKCS#1, PEM or DER) as PKCS#8 DER, or undefined if the input is none. */
export function readRsaPrivateKey(input: string | Uint8Array): Material | undefined {
  const text = typeof input === 'string' ? input : asciiText(input);
  let ders: Uint8Array[];
  if (text !== undefined && looksLikePem(text)) {
    const blocks = decodePem(text, 'key').filter((b) => b.label === 'PRIVATE KEY' || b.label === 'RSA PRIVATE KEY');
    ders = blocks.map((b) => b.der);
  } else if (input instanceof Uint8Array) {
    ders = [input];
  } else {
    return undefined;
  }
  for (const bytes of ders) {
    const pkcs1 = rsaInPkcs8(bytes) ?? (rsaBits(bytes) === undefined ? undefined : bytes.slice());
    if (pkcs1 === undefined) continue;
    const bits = rsaBits(pkcs1);
    if (bits === undefined) throw new CryptoError('invalid-encoding', 'key: an RSA PKCS#8 whose inner RSAPrivateKey cannot be read', { field: 'key' });
    const pkcs8 = pkcs8OfRsa(pkcs1);
    wipe(pkcs1);
    return { bytes: pkcs8, material: { kind: 'rsa', bits } };
  }
  return undefined;
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
