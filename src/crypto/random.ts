// Randomness for the core. Every function that draws randomness takes an `rng`
// parameter defaulting to the platform CSPRNG, so tests can be deterministic.
import { mod } from '@noble/curves/abstract/modular.js';
import { afn } from './_guards.ts';
import { bigintToBytes, bytesToBigint, wipe } from './bytes.ts';
import type { Curve } from './curves.ts';
import { CryptoError } from './errors.ts';

export type Rng = (length: number) => Uint8Array;

/** Platform CSPRNG (Web Crypto), in chunks of at most 65536 bytes as getRandomValues requires. */
export const randomBytes: Rng = (length) => {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  }
  return out;
};

function draw(rng: Rng, length: number): Uint8Array {
  afn(rng, 'rng');
  const bytes = rng(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new CryptoError('invalid-argument', `"rng" must return a Uint8Array of the requested length ${length}`, { field: 'rng' });
  }
  return bytes;
}

/**
 * Uniform scalar in [lower, n-1]: draw the scalar length plus 16 bytes (128 extra bits,
 * more than the 64 FIPS 186-5 §A.2.1 asks for) and reduce; the bias is below 2^-128.
 */
function randomBelowOrder(curve: Curve, lower: 0n | 1n, rng: Rng): bigint {
  const bytes = draw(rng, curve.scalarBytes + 16);
  const wide = bytesToBigint(bytes);
  wipe(bytes);
  return mod(wide, curve.order - lower) + lower;
}

/** A uniformly random private scalar, 1 ≤ s < n. */
export function randomScalar(curve: Curve, rng: Rng = randomBytes): bigint {
  return randomBelowOrder(curve, 1n, rng);
}

/** A uniformly random field element, 0 ≤ a < n (polynomial coefficients). */
export function randomFieldElement(curve: Curve, rng: Rng = randomBytes): bigint {
  return randomBelowOrder(curve, 0n, rng);
}

export function randomScalarBytes(curve: Curve, rng: Rng = randomBytes): Uint8Array {
  return bigintToBytes(randomScalar(curve, rng), curve.scalarBytes);
}
