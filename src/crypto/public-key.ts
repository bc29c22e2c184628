// Public keys as SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): strict parsing of RSA
// (RFC 3279 §2.3.1 / RFC 8017 A.1.1), EC (RFC 5480) and Ed25519 (RFC 8410) keys, encoding
// of EC/Ed25519 public keys, and the fingerprint that identifies a wrapping key
// everywhere in Keyferry: lowercase hex SHA-256 of the DER SPKI.
//
// Accepted inputs: PEM "PUBLIC KEY", PEM "RSA PUBLIC KEY" (PKCS#1, converted to SPKI),
// DER SPKI or PKCS#1 bytes, and one-line base64 DER (the node config form).
import { sha256 } from '@noble/hashes/sha2.js';
import { abytes } from './_guards.ts';
import { fromBase64, toBase64, toHex } from './bytes.ts';
import { CURVE_NAMES, curveByOid, getCurve, type Curve, type CurveName } from './curves.ts';
import { asBitString, asOid, asSequence, asUnsignedInteger, der, isNull, parseDer } from './der.ts';
import { CryptoError } from './errors.ts';
import { decodePem, looksLikePem } from './pem.ts';

export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 16384;

export type PublicKeyInfo =
  | { algorithm: 'RSA'; der: Uint8Array; bits: number; exponent: number; modulus: Uint8Array }
  | { algorithm: 'EC'; der: Uint8Array; curve: Exclude<CurveName, 'Ed25519'>; point: Uint8Array }
  | { algorithm: 'Ed25519'; der: Uint8Array; curve: 'Ed25519'; point: Uint8Array };

export type PublicKeyFormat = 'spki-pem' | 'pkcs1-pem' | 'spki-der' | 'pkcs1-der' | 'spki-base64' | 'pkcs1-base64';

export interface ParsedPublicKey {
  key: PublicKeyInfo;
  format: PublicKeyFormat;
}

function bitLength(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  return (bytes.length - 1) * 8 + (32 - Math.clz32(bytes[0]!));
}

function rsaFromComponents(modulus: Uint8Array, exponentBytes: Uint8Array, field: string): { bits: number; exponent: number } {
  const bits = bitLength(modulus);
  if (bits < 512 || bits > MAX_RSA_BITS) {
    throw new CryptoError('invalid-encoding', `${field}: RSA modulus of ${bits} bits is not a plausible RSA key`, { field });
  }
  if ((modulus[modulus.length - 1]! & 1) === 0) throw new CryptoError('invalid-encoding', `${field}: RSA modulus is even`, { field });
  if (exponentBytes.length > 4) throw new CryptoError('invalid-encoding', `${field}: RSA public exponent is larger than 32 bits`, { field });
  const exponent = exponentBytes.reduce((acc, b) => acc * 256 + b, 0);
  if (exponent < 3 || exponent % 2 === 0) {
    throw new CryptoError('invalid-encoding', `${field}: RSA public exponent ${exponent} must be odd and at least 3`, { field });
  }
  return { bits, exponent };
}

/** PKCS#1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }. */
function parseRsaPublicKey(bytes: Uint8Array, field: string): { modulus: Uint8Array; exponentBytes: Uint8Array } {
  const [n, e] = asSequence(parseDer(bytes, field), field, 2, 2);
  return { modulus: asUnsignedInteger(n, `${field}.modulus`), exponentBytes: asUnsignedInteger(e, `${field}.publicExponent`) };
}

function rsaSpki(modulus: Uint8Array, exponentBytes: Uint8Array): Uint8Array {
  const pkcs1 = der.encode(der.sequence(der.uint(modulus), der.uint(exponentBytes)));
  return der.encode(der.sequence(der.sequence(der.oid(OID_RSA_ENCRYPTION), der.null()), der.bits(pkcs1)));
}

/** Encode an EC or Ed25519 public key as DER SPKI; EC points are written uncompressed. */
export function encodeSpki(curve: Curve, point: Uint8Array): Uint8Array {
  const p = curve.encodePoint(curve.decodePoint(abytes(point, 'point')));
  // Every SPKI of a curve is one fixed header and the point (its length is fixed per curve):
  // the header is DER-encoded once per curve, not once per key.
  const { header, pointBytes } = spkiHeader(curve);
  if (p.length !== pointBytes) return encodeSpkiDer(curve, p);
  const out = new Uint8Array(header.length + p.length);
  out.set(header);
  out.set(p, header.length);
  return out;
}

function encodeSpkiDer(curve: Curve, p: Uint8Array): Uint8Array {
  const algorithm =
    curve.kind === 'edwards' ? der.sequence(der.oid(curve.algorithmOid)) : der.sequence(der.oid(curve.algorithmOid), der.oid(curve.curveOid!));
  return der.encode(der.sequence(algorithm, der.bits(p)));
}

/** Strict SPKI parse. EC points given compressed are accepted and re-encoded uncompressed in `der`. */
export function parseSpki(bytes: Uint8Array, field = 'publicKey'): PublicKeyInfo {
  abytes(bytes, field);
  const known = canonicalCurveSpki(bytes);
  if (known) return known;
  const [algorithm, subjectPublicKey] = asSequence(parseDer(bytes, field), field, 2, 2);
  const algItems = asSequence(algorithm, `${field}.algorithm`, 1, 2);
  const oid = asOid(algItems[0], `${field}.algorithm.oid`);
  const keyBits = asBitString(subjectPublicKey, `${field}.subjectPublicKey`);
  if (oid === OID_RSA_ENCRYPTION) {
    if (!isNull(algItems[1])) throw new CryptoError('invalid-encoding', `${field}: rsaEncryption parameters must be NULL`, { field });
    const { modulus, exponentBytes } = parseRsaPublicKey(keyBits, `${field}.rsaPublicKey`);
    const { bits, exponent } = rsaFromComponents(modulus, exponentBytes, field);
    return { algorithm: 'RSA', der: bytes.slice(), bits, exponent, modulus };
  }
  if (oid === '1.2.840.10045.2.1') {
    const curveOid = asOid(algItems[1], `${field}.algorithm.namedCurve`);
    const curve = curveByOid(curveOid);
    if (!curve) {
      throw new CryptoError('unsupported-algorithm', `${field}: EC curve ${curveOid} is not one of secp256k1, P-256, P-384`, { field });
    }
    const point = curve.encodePoint(curve.decodePoint(keyBits));
    return { algorithm: 'EC', der: encodeSpki(curve, point), curve: curve.name as Exclude<CurveName, 'Ed25519'>, point };
  }
  if (oid === '1.3.101.112') {
    if (algItems.length !== 1) throw new CryptoError('invalid-encoding', `${field}: Ed25519 algorithm identifier must have no parameters (RFC 8410 §3)`, { field });
    const curve = getCurve('Ed25519');
    const point = curve.encodePoint(curve.decodePoint(keyBits));
    return { algorithm: 'Ed25519', der: bytes.slice(), curve: 'Ed25519', point };
  }
  throw new CryptoError('unsupported-algorithm', `${field}: unknown public key algorithm ${oid} (expected rsaEncryption, id-ecPublicKey or id-Ed25519)`, { field });
}

/** Per curve: the DER of an SPKI up to its point (the same for every key of the curve), and the point's length. */
const spkiHeaders = new Map<CurveName, { header: Uint8Array; pointBytes: number }>();

function spkiHeader(curve: Curve): { header: Uint8Array; pointBytes: number } {
  let h = spkiHeaders.get(curve.name);
  if (!h) {
    const point = curve.encodePoint(curve.base);
    const full = encodeSpkiDer(curve, point);
    h = { header: full.slice(0, full.length - point.length), pointBytes: point.length };
    spkiHeaders.set(curve.name, h);
  }
  return h;
}

/**
 * An EC or Ed25519 SPKI exactly as encodeSpki writes it (the canonical DER, an uncompressed
 * point) read without a general DER walk — a batch of a thousand keys parses a thousand of
 * them. Anything else (another encoding, a bad point) is left to the full reader below, so
 * errors read the same either way.
 */
function canonicalCurveSpki(bytes: Uint8Array): PublicKeyInfo | undefined {
  for (const name of CURVE_NAMES) {
    const curve = getCurve(name);
    const { header, pointBytes } = spkiHeader(curve);
    if (bytes.length !== header.length + pointBytes || !header.every((b, i) => bytes[i] === b)) continue;
    const point = bytes.slice(header.length);
    if (curve.kind === 'weierstrass' && point[0] !== 0x04) return undefined;
    try {
      curve.decodePoint(point);
    } catch {
      return undefined;
    }
    const der = bytes.slice();
    return curve.kind === 'edwards' ? { algorithm: 'Ed25519', der, curve: 'Ed25519', point } : { algorithm: 'EC', der, curve: name as Exclude<CurveName, 'Ed25519'>, point };
  }
  return undefined;
}

/** PKCS#1 RSAPublicKey → SPKI info. */
export function parsePkcs1PublicKey(bytes: Uint8Array, field = 'publicKey'): PublicKeyInfo {
  const { modulus, exponentBytes } = parseRsaPublicKey(bytes, field);
  const { bits, exponent } = rsaFromComponents(modulus, exponentBytes, field);
  return { algorithm: 'RSA', der: rsaSpki(modulus, exponentBytes), bits, exponent, modulus };
}

function parseDerEither(bytes: Uint8Array, field: string, spkiFormat: PublicKeyFormat, pkcs1Format: PublicKeyFormat): ParsedPublicKey {
  // SPKI starts SEQUENCE { SEQUENCE …; PKCS#1 starts SEQUENCE { INTEGER … — look one level in.
  const probe = asSequence(parseDer(bytes, field), field);
  if (probe[0]?.idBlock.tagNumber === 2 && probe[0].idBlock.tagClass === 1) {
    return { key: parsePkcs1PublicKey(bytes, field), format: pkcs1Format };
  }
  return { key: parseSpki(bytes, field), format: spkiFormat };
}

/** Any accepted public-key input (text or bytes) → parsed key and the format it was in. */
export function parsePublicKey(input: string | Uint8Array, field = 'publicKey'): ParsedPublicKey {
  if (input instanceof Uint8Array) {
    const text = asciiText(input);
    if (text === undefined) return parseDerEither(input, field, 'spki-der', 'pkcs1-der');
    input = text;
  }
  if (typeof input !== 'string') throw new CryptoError('invalid-argument', `"${field}" expected text or bytes`, { field });
  const text = input.trim();
  if (looksLikePem(text)) {
    const blocks = decodePem(text, field);
    const spki = blocks.find((b) => b.label === 'PUBLIC KEY');
    if (spki) return { key: parseSpki(spki.der, field), format: 'spki-pem' };
    const pkcs1 = blocks.find((b) => b.label === 'RSA PUBLIC KEY');
    if (pkcs1) return { key: parsePkcs1PublicKey(pkcs1.der, field), format: 'pkcs1-pem' };
    throw new CryptoError('unsupported-format', `${field}: PEM label "${blocks[0]!.label}" is not a public key (expected PUBLIC KEY or RSA PUBLIC KEY)`, { field });
  }
  // Base64 DER of a SEQUENCE always starts with "M" (0x30); line breaks are tolerated, spaces are not.
  const compact = text.replace(/[\r\n]+/g, '');
  if (/^M[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 === 0) {
    return parseDerEither(fromBase64(compact, field), field, 'spki-base64', 'pkcs1-base64');
  }
  throw new CryptoError('unsupported-format', `${field}: not a PEM block or base64 DER public key`, { field });
}

/** Text when every byte is printable ASCII or whitespace (a key file read as bytes); else undefined. */
export function asciiText(bytes: Uint8Array): string | undefined {
  for (const b of bytes) if (!(b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127))) return undefined;
  return new TextDecoder().decode(bytes);
}

/** Lowercase hex SHA-256 of DER SPKI bytes. */
export function fingerprint(spkiDer: Uint8Array): string {
  return toHex(sha256(abytes(spkiDer, 'spki')));
}

/** The node-config form: one-line base64 of the DER SPKI. */
export function spkiToBase64(spkiDer: Uint8Array): string {
  return toBase64(abytes(spkiDer, 'spki'));
}

/** Parse a wrapping key: RSA only, at least 2048 bits. */
export function parseWrappingKey(input: string | Uint8Array, field = 'wrappingKey'): Extract<PublicKeyInfo, { algorithm: 'RSA' }> {
  const { key } = parsePublicKey(input, field);
  if (key.algorithm !== 'RSA') {
    throw new CryptoError('unsupported-algorithm', `${field}: a wrapping key must be RSA, got ${key.algorithm}`, { field });
  }
  if (key.bits < MIN_RSA_BITS) {
    throw new CryptoError('weak-key', `${field}: RSA key of ${key.bits} bits is refused; use at least ${MIN_RSA_BITS} bits (3072 recommended)`, { field });
  }
  return key;
}
