// Assembles a PrivateKey from a scalar or an Ed25519 seed, and checks a public key that
// came with the input (PKCS#8 v2, SEC1, JWK x/y) against the one the scalar implies,
// so a corrupted or mismatched file is caught when it is read, not after an import.
import { abytes } from '../_guards.ts';
import { equalBytes } from '../bytes.ts';
import { ed25519SeedToScalar, getCurve, publicKeyFromScalar, type Curve, type CurveName } from '../curves.ts';
import { CryptoError } from '../errors.ts';
import type { PrivateKey, PrivateKeyFormat } from './types.ts';

export function fromScalar(
  curveName: CurveName,
  scalar: Uint8Array,
  format: PrivateKeyFormat,
  extra: Partial<Pick<PrivateKey, 'chainCode' | 'network' | 'compressed'>> = {},
): PrivateKey {
  const curve = getCurve(curveName);
  const publicKey = publicKeyFromScalar(curve, scalar);
  return { curve: curveName, scalar, publicKey, format, ...extra };
}

export function fromEd25519Seed(seed: Uint8Array, format: PrivateKeyFormat): PrivateKey {
  abytes(seed, 'seed', 32);
  const scalar = ed25519SeedToScalar(seed);
  return { curve: 'Ed25519', scalar, seed: seed.slice(), publicKey: publicKeyFromScalar(getCurve('Ed25519'), scalar), format };
}

/** Compare an embedded public key (any valid encoding) with the derived one. */
export function checkEmbeddedPublicKey(curve: Curve, key: PrivateKey, embedded: Uint8Array | undefined, field: string): PrivateKey {
  if (embedded === undefined) return key;
  const given = curve.encodePoint(curve.decodePoint(embedded));
  if (!equalBytes(given, key.publicKey)) {
    throw new CryptoError('verification-failed', `${field}: the public key stored in the file does not belong to its private key`, { field });
  }
  return key;
}

/** Left-pad a big-endian scalar that an encoder shortened; refuse anything longer. */
export function fixedLength(curve: Curve, bytes: Uint8Array, field: string): Uint8Array {
  if (bytes.length > curve.scalarBytes) {
    throw new CryptoError('invalid-scalar', `${field}: ${bytes.length} bytes is too long for a ${curve.name} private key (${curve.scalarBytes})`, { field });
  }
  const out = new Uint8Array(curve.scalarBytes);
  out.set(bytes, curve.scalarBytes - bytes.length);
  return out;
}
