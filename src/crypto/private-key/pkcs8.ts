// PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5208, RFC 5958) for EC keys (RFC 5915
// inside) and Ed25519 (RFC 8410 §7: the 32-byte seed in an OCTET STRING nested in the
// privateKey OCTET STRING). An Ed25519 key known only as a scalar has no PKCS#8 form.
import { curveByOid, getCurve, type Curve } from '../curves.ts';
import { OID_RSA_ENCRYPTION } from '../public-key.ts';
import { asOctetString, asOid, asSequence, asSmallInteger, der, isContextTag, parseDer } from '../der.ts';
import { CryptoError } from '../errors.ts';
import { checkEmbeddedPublicKey, fromEd25519Seed, fromScalar } from './_build.ts';
import { ecPrivateKeyNode, parseEcPrivateKey } from './sec1.ts';
import type { PrivateKey, PrivateKeyFormat } from './types.ts';
import * as asn1js from 'asn1js';

const OID_EC = '1.2.840.10045.2.1';
const OID_ED25519 = '1.3.101.112';

/**
 * Per EC curve, the PKCS#8 every common writer gives (OpenSSL, node:crypto, Web Crypto,
 * encodePkcs8 below): version 0, the curve named in the algorithm, an ECPrivateKey v1 with
 * the scalar at full length and the [1] public key, uncompressed. Its DER is the same bytes
 * for every key of the curve but the scalar's and the point's, so the skeleton is encoded
 * once (with the scalar and point all zeros) beside where those two sit.
 */
interface Skeleton {
  curve: Curve;
  bytes: Uint8Array;
  scalarAt: number;
  pointAt: number;
  pointBytes: number;
}

const skeletons = new Map<string, Skeleton | null>();

function skeleton(curve: Curve): Skeleton | undefined {
  let known = skeletons.get(curve.name);
  if (known === undefined) {
    const pointBytes = curve.encodePoint(curve.base).length;
    const encode = (fill: number) =>
      encodePkcs8({ curve: curve.name, scalar: new Uint8Array(curve.scalarBytes).fill(fill), publicKey: new Uint8Array(pointBytes).fill(fill), format: 'pkcs8-der' });
    const zeros = encode(0x00);
    const ones = encode(0xff);
    const differs = [...zeros.keys()].filter((i) => zeros[i] !== ones[i]);
    const scalarAt = differs[0]!;
    const pointAt = differs[curve.scalarBytes]!;
    // The two variable runs must be exactly the scalar and then the point, nothing else.
    const runs = differs.length === curve.scalarBytes + pointBytes && differs.every((at, k) => at === (k < curve.scalarBytes ? scalarAt + k : pointAt + k - curve.scalarBytes));
    known = runs && zeros.length === ones.length ? { curve, bytes: zeros, scalarAt, pointAt, pointBytes } : null;
    skeletons.set(curve.name, known);
  }
  return known ?? undefined;
}

const sameBytes = (a: Uint8Array, b: Uint8Array, from: number, to: number) => {
  for (let i = from; i < to; i++) if (a[i] !== b[i]) return false;
  return true;
};

/**
 * An EC key in exactly the skeleton's form, read without the general DER walk (asn1js was
 * most of the cost of reading a key in a bulk import); anything else is left to the full
 * reader, and both give the same key and the same errors.
 */
function canonicalEcPkcs8(bytes: Uint8Array, format: PrivateKeyFormat, field: string): PrivateKey | undefined {
  for (const curve of [getCurve('secp256k1'), getCurve('P-256'), getCurve('P-384')]) {
    const s = skeleton(curve);
    if (s === undefined || bytes.length !== s.bytes.length) continue;
    const scalarEnd = s.scalarAt + curve.scalarBytes;
    if (!sameBytes(bytes, s.bytes, 0, s.scalarAt) || !sameBytes(bytes, s.bytes, scalarEnd, s.pointAt) || !sameBytes(bytes, s.bytes, s.pointAt + s.pointBytes, bytes.length)) continue;
    const key = fromScalar(curve.name, bytes.slice(s.scalarAt, scalarEnd), format);
    return checkEmbeddedPublicKey(curve, key, bytes.slice(s.pointAt, s.pointAt + s.pointBytes), `${field}.ecPrivateKey.publicKey`);
  }
  return undefined;
}

export function parsePkcs8(bytes: Uint8Array, format: PrivateKeyFormat, field = 'key'): PrivateKey {
  const canonical = canonicalEcPkcs8(bytes, format, field);
  if (canonical) return canonical;
  const items = asSequence(parseDer(bytes, field), field, 3, 5);
  const version = asSmallInteger(items[0], `${field}.version`);
  if (version !== 0 && version !== 1) throw new CryptoError('invalid-encoding', `${field}: PKCS#8 version ${version} is unknown`, { field });
  const alg = asSequence(items[1], `${field}.privateKeyAlgorithm`, 1, 2);
  const oid = asOid(alg[0], `${field}.privateKeyAlgorithm.oid`);
  const privateKey = asOctetString(items[2], `${field}.privateKey`);
  let embedded: Uint8Array | undefined;
  for (const item of items.slice(3)) {
    if (isContextTag(item, 0)) continue; // attributes: carried, not needed
    if (isContextTag(item, 1) && version === 1) {
      // [1] IMPLICIT BIT STRING: asn1js reads it as a primitive context element.
      const raw = (item as asn1js.Primitive).valueBlock.valueHexView;
      if (raw.length < 2 || raw[0] !== 0) throw new CryptoError('invalid-encoding', `${field}.publicKey: malformed`, { field });
      embedded = raw.slice(1);
    } else {
      throw new CryptoError('invalid-encoding', `${field}: unexpected element in PrivateKeyInfo`, { field });
    }
  }
  if (oid === OID_EC) {
    const curveOid = alg[1] === undefined ? undefined : asOid(alg[1], `${field}.privateKeyAlgorithm.namedCurve`);
    const curve = curveOid === undefined ? undefined : curveByOid(curveOid);
    if (curveOid !== undefined && !curve) {
      throw new CryptoError('unsupported-algorithm', `${field}: EC curve ${curveOid} is not one of secp256k1, P-256, P-384`, { field });
    }
    const key = parseEcPrivateKey(privateKey, format, `${field}.ecPrivateKey`, curve?.name);
    return checkEmbeddedPublicKey(getCurve(key.curve), key, embedded, `${field}.publicKey`);
  }
  if (oid === OID_ED25519) {
    if (alg.length !== 1) throw new CryptoError('invalid-encoding', `${field}: Ed25519 algorithm identifier must have no parameters`, { field });
    const seed = asOctetString(parseDer(privateKey, `${field}.curvePrivateKey`) as asn1js.AsnType, `${field}.curvePrivateKey`);
    if (seed.length !== 32) throw new CryptoError('invalid-encoding', `${field}: Ed25519 private key must be 32 bytes, got ${seed.length}`, { field });
    return checkEmbeddedPublicKey(getCurve('Ed25519'), fromEd25519Seed(seed, format), embedded, `${field}.publicKey`);
  }
  const name = oid === OID_RSA_ENCRYPTION ? ' (an RSA key)' : '';
  throw new CryptoError('unsupported-algorithm', `${field}: private key algorithm ${oid}${name} is not EC or Ed25519; Keyferry keys are secp256k1, P-256, P-384 or Ed25519`, {
    field,
  });
}

export function encodePkcs8(key: PrivateKey): Uint8Array {
  const curve = getCurve(key.curve);
  if (curve.kind === 'edwards') {
    if (!key.seed) {
      throw new CryptoError(
        'unsupported-format',
        'this Ed25519 key is a scalar (as every exported Ed25519 key is), and PKCS#8 can only hold the original seed; use the hex format',
        { field: 'format' },
      );
    }
    return der.encode(der.sequence(der.small(0), der.sequence(der.oid(OID_ED25519)), der.octets(der.encode(der.octets(key.seed)))));
  }
  const inner = der.encode(ecPrivateKeyNode(key, false));
  return der.encode(der.sequence(der.small(0), der.sequence(der.oid(OID_EC), der.oid(curve.curveOid!)), der.octets(inner)));
}
