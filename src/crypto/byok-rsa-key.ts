// RSA private keys as BYOK material: AWS, Google, Azure and Vault import RSA keys as
// PKCS#8 DER (RFC 5208), while operators hold them as PKCS#8 or PKCS#1 (RFC 8017 A.1.2),
// PEM or DER. The core's private-key parsers read only EC and Ed25519, so this reads the
// RSA forms, wraps a PKCS#1 key into PKCS#8, and reports the modulus size for byokProblem.
import { wipe } from './bytes.ts';
import type { ByokMaterial } from './byok-compat.ts';
import { asOctetString, asOid, asSequence, asSmallInteger, asUnsignedInteger, der, parseDer } from './der.ts';
import { CryptoError } from './errors.ts';
import { decodePem, looksLikePem } from './pem.ts';
import { OID_RSA_ENCRYPTION, asciiText } from './public-key.ts';

export interface RsaKeyMaterial {
  /** PKCS#8 DER; the caller wipes it. */
  pkcs8: Uint8Array;
  material: Extract<ByokMaterial, { kind: 'rsa' }>;
}

/** Modulus bits of a PKCS#1 RSAPrivateKey (two-prime, version 0), or undefined if it is not one. */
function modulusBits(pkcs1: Uint8Array): number | undefined {
  try {
    const seq = asSequence(parseDer(pkcs1, 'key'), 'key', 9, 10);
    if (asSmallInteger(seq[0], 'key.version') !== 0) return undefined;
    const n = asUnsignedInteger(seq[1], 'key.modulus');
    return n.length * 8 - Math.clz32(n[0]!) + 24;
  } catch {
    return undefined;
  }
}

/** The RSAPrivateKey inside a PKCS#8 whose algorithm is rsaEncryption, or undefined. */
function innerPkcs1(pkcs8: Uint8Array): Uint8Array | undefined {
  try {
    const seq = asSequence(parseDer(pkcs8, 'key'), 'key', 3, 5);
    if (asOid(asSequence(seq[1], 'key.algorithm', 1, 2)[0], 'key.algorithm') !== OID_RSA_ENCRYPTION) return undefined;
    return asOctetString(seq[2], 'key.privateKey');
  } catch {
    return undefined;
  }
}

/** An RSA private key (PKCS#8 or PKCS#1, PEM or DER) as PKCS#8 DER and its size; undefined when the input is not one. */
export function readRsaKeyMaterial(input: Uint8Array, field = 'key'): RsaKeyMaterial | undefined {
  const text = asciiText(input);
  const candidates = text !== undefined && looksLikePem(text)
    ? decodePem(text, field).filter((b) => b.label === 'PRIVATE KEY' || b.label === 'RSA PRIVATE KEY').map((b) => b.der)
    : [input];
  for (const bytes of candidates) {
    const pkcs1 = innerPkcs1(bytes) ?? (modulusBits(bytes) === undefined ? undefined : bytes);
    if (pkcs1 === undefined) continue;
    const bits = modulusBits(pkcs1);
    if (bits === undefined) throw new CryptoError('invalid-encoding', `${field}: an RSA PKCS#8 whose RSAPrivateKey cannot be read`, { field });
    const pkcs8 = der.encode(der.sequence(der.small(0), der.sequence(der.oid(OID_RSA_ENCRYPTION), der.null()), der.octets(pkcs1)));
    if (text !== undefined) wipe(bytes);
    return { pkcs8, material: { kind: 'rsa', bits } };
  }
  return undefined;
}
