// SEC1 ECPrivateKey (RFC 5915 §3), the "EC PRIVATE KEY" PEM and the inner structure of
// EC PKCS#8. The private key OCTET STRING is fixed length (leading zeros kept) on output.
import * as asn1js from 'asn1js';
import { curveByOid, getCurve, type Curve, type CurveName } from '../curves.ts';
import { asBitString, asOctetString, asOid, asSequence, asSmallInteger, der, explicitTag, parseDer } from '../der.ts';
import { CryptoError } from '../errors.ts';
import { checkEmbeddedPublicKey, fixedLength, fromScalar } from './_build.ts';
import type { PrivateKey, PrivateKeyFormat } from './types.ts';

export function parseEcPrivateKey(bytes: Uint8Array, format: PrivateKeyFormat, field: string, outerCurve?: CurveName): PrivateKey {
  const items = asSequence(parseDer(bytes, field), field, 2, 4);
  if (asSmallInteger(items[0], `${field}.version`) !== 1) {
    throw new CryptoError('invalid-encoding', `${field}: ECPrivateKey version must be 1`, { field });
  }
  const raw = asOctetString(items[1], `${field}.privateKey`);
  let paramsOid: string | undefined;
  let embedded: Uint8Array | undefined;
  for (const item of items.slice(2)) {
    const params = explicitTag(item, 0);
    const pub = explicitTag(item, 1);
    if (params) paramsOid = asOid(params, `${field}.parameters`);
    else if (pub) embedded = asBitString(pub, `${field}.publicKey`);
    else throw new CryptoError('invalid-encoding', `${field}: unexpected element in ECPrivateKey`, { field });
  }
  let curve: Curve | undefined;
  if (paramsOid !== undefined) {
    curve = curveByOid(paramsOid);
    if (!curve) throw new CryptoError('unsupported-algorithm', `${field}: EC curve ${paramsOid} is not one of secp256k1, P-256, P-384`, { field });
    if (outerCurve && outerCurve !== curve.name) {
      throw new CryptoError('invalid-encoding', `${field}: inner curve ${curve.name} contradicts the outer ${outerCurve}`, { field });
    }
  } else if (outerCurve) {
    curve = getCurve(outerCurve);
  } else {
    throw new CryptoError('invalid-encoding', `${field}: ECPrivateKey names no curve (parameters [0] missing)`, { field });
  }
  const key = fromScalar(curve.name, fixedLength(curve, raw, `${field}.privateKey`), format);
  return checkEmbeddedPublicKey(curve, key, embedded, `${field}.publicKey`);
}

/** ECPrivateKey with the public key; `withParameters` for standalone SEC1 (PKCS#8 names the curve outside). */
export function ecPrivateKeyNode(key: PrivateKey, withParameters: boolean): asn1js.Sequence {
  const curve = getCurve(key.curve);
  if (curve.kind !== 'weierstrass') {
    throw new CryptoError('unsupported-format', `SEC1 holds EC keys only; ${key.curve} keys cannot be written as SEC1`, { field: 'format' });
  }
  const items: asn1js.AsnType[] = [der.small(1), der.octets(key.scalar)];
  if (withParameters) items.push(der.explicit(0, der.oid(curve.curveOid!)));
  items.push(der.explicit(1, der.bits(key.publicKey)));
  return der.sequence(...items);
}

export function encodeSec1(key: PrivateKey): Uint8Array {
  return der.encode(ecPrivateKeyNode(key, true));
}
