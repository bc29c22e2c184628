// JSON Web Keys: EC (RFC 7518 §6.2, "secp256k1" per RFC 8812) and OKP Ed25519
// (RFC 8037 §2, where "d" is the seed). Public members present are checked against d.
import { fromBase64Url, toBase64Url, concatBytes } from '../bytes.ts';
import { getCurve, type CurveName } from '../curves.ts';
import { CryptoError } from '../errors.ts';
import { checkEmbeddedPublicKey, fixedLength, fromEd25519Seed, fromScalar } from './_build.ts';
import type { PrivateKey } from './types.ts';

const EC_CRV: Record<string, Exclude<CurveName, 'Ed25519'>> = { secp256k1: 'secp256k1', 'P-256': 'P-256', 'P-384': 'P-384' };

function member(jwk: Record<string, unknown>, name: string, field: string): string {
  const v = jwk[name];
  if (typeof v !== 'string' || v.length === 0) {
    throw new CryptoError('invalid-encoding', `${field}.${name}: missing or not a string`, { field: `${field}.${name}` });
  }
  return v;
}

export function parseJwk(text: string, field = 'key'): PrivateKey {
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw new CryptoError('unsupported-format', `${field}: not JSON`, { field });
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw new CryptoError('unsupported-format', `${field}: JSON is not a JWK object`, { field });
  }
  const o = jwk as Record<string, unknown>;
  if (o.kty === 'EC') {
    const crvName = member(o, 'crv', field);
    const crv = Object.hasOwn(EC_CRV, crvName) ? EC_CRV[crvName] : undefined;
    if (!crv) throw new CryptoError('unsupported-algorithm', `${field}.crv: "${String(o.crv)}" is not secp256k1, P-256 or P-384`, { field: `${field}.crv` });
    const curve = getCurve(crv);
    const d = fromBase64Url(member(o, 'd', field), `${field}.d`);
    if (d.length !== curve.scalarBytes) {
      throw new CryptoError('invalid-encoding', `${field}.d: must be ${curve.scalarBytes} bytes for ${crv} (RFC 7518 §6.2.2.1), got ${d.length}`, { field: `${field}.d` });
    }
    const key = fromScalar(crv, fixedLength(curve, d, `${field}.d`), 'jwk');
    if (o.x === undefined && o.y === undefined) return key;
    const x = fromBase64Url(member(o, 'x', field), `${field}.x`);
    const y = fromBase64Url(member(o, 'y', field), `${field}.y`);
    return checkEmbeddedPublicKey(curve, key, concatBytes(Uint8Array.of(4), x, y), `${field}.x/y`);
  }
  if (o.kty === 'OKP') {
    if (o.crv !== 'Ed25519') throw new CryptoError('unsupported-algorithm', `${field}.crv: OKP curve "${String(o.crv)}" is not Ed25519`, { field: `${field}.crv` });
    const seed = fromBase64Url(member(o, 'd', field), `${field}.d`);
    if (seed.length !== 32) throw new CryptoError('invalid-encoding', `${field}.d: Ed25519 seed must be 32 bytes, got ${seed.length}`, { field: `${field}.d` });
    const key = fromEd25519Seed(seed, 'jwk');
    if (o.x === undefined) return key;
    return checkEmbeddedPublicKey(getCurve('Ed25519'), key, fromBase64Url(member(o, 'x', field), `${field}.x`), `${field}.x`);
  }
  if (o.kty === 'RSA' || o.kty === 'oct') {
    throw new CryptoError('unsupported-algorithm', `${field}.kty: ${o.kty} keys cannot be shared across a site; use an EC or Ed25519 key`, { field: `${field}.kty` });
  }
  throw new CryptoError('unsupported-format', `${field}: JSON without "kty": "EC" or "OKP" is not a JWK private key`, { field });
}

export function encodeJwk(key: PrivateKey): Record<string, string> {
  const curve = getCurve(key.curve);
  if (curve.kind === 'edwards') {
    if (!key.seed) {
      throw new CryptoError('unsupported-format', 'this Ed25519 key is a scalar, and a JWK "d" must be the original seed (RFC 8037); use the hex format', { field: 'format' });
    }
    return { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(key.publicKey), d: toBase64Url(key.seed) };
  }
  const half = (key.publicKey.length - 1) / 2;
  return {
    kty: 'EC',
    crv: curve.jwkCrv,
    x: toBase64Url(key.publicKey.subarray(1, 1 + half)),
    y: toBase64Url(key.publicKey.subarray(1 + half)),
    d: toBase64Url(key.scalar),
  };
}
