// PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5208, RFC 5958) for EC keys (RFC 5915
// inside) and Ed25519 (RFC 8410 §7: the 32-byte seed in an OCTET STRING nested in the
// privateKey OCTET STRING). An Ed25519 key known only as a scalar has no PKCS#8 form.
import { curveByOid, getCurve } from '../curves.ts';
import { OID_RSA_ENCRYPTION } from '../public-key.ts';
import { asOctetString, asOid, asSequence, asSmallInteger, der, isContextTag, parseDer } from '../der.ts';
import { CryptoError } from '../errors.ts';
import { checkEmbeddedPublicKey, fromEd25519Seed } from './_build.ts';
import { ecPrivateKeyNode, parseEcPrivateKey } from './sec1.ts';
import type { PrivateKey, PrivateKeyFormat } from './types.ts';
import * as asn1js from 'asn1js';

const OID_EC = '1.2.840.10045.2.1';
const OID_ED25519 = '1.3.101.112';

export function parsePkcs8(bytes: Uint8Array, format: PrivateKeyFormat, field = 'key'): PrivateKey {
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
