// Randomness: scalars land in [1, n-1] and field elements in [0, n-1] whatever the rng
// returns, the rng is the only source (deterministic tests), and a broken rng is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToBigint } from './bytes.ts';
import { CURVE_NAMES, getCurve } from './curves.ts';
import { randomBytes, randomFieldElement, randomScalar, randomScalarBytes } from './random.ts';
import { expectCryptoError } from './test-support/expect-error.ts';

describe('random scalars', () => {
  it('stay in range for any rng output, including all-zero and all-ones', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CURVE_NAMES), fc.oneof(fc.constant(0), fc.constant(0xff), fc.integer({ min: 0, max: 255 })), (name, fill) => {
        const curve = getCurve(name);
        const rng = (n: number) => new Uint8Array(n).fill(fill);
        const s = randomScalar(curve, rng);
        expect(s >= 1n && s < curve.order).toBe(true);
        const a = randomFieldElement(curve, rng);
        expect(a >= 0n && a < curve.order).toBe(true);
      }),
      { numRuns: 100 },
    );
    const curve = getCurve('secp256k1');
    expect(randomScalar(curve, (n) => new Uint8Array(n))).toBe(1n);
    expect(randomFieldElement(curve, (n) => new Uint8Array(n))).toBe(0n);
  });

  it('draw scalarBytes + 16 bytes, and give fixed-length bytes', () => {
    const asked: number[] = [];
    const bytes = randomScalarBytes(getCurve('P-384'), (n) => {
      asked.push(n);
      return new Uint8Array(n).fill(1);
    });
    expect(asked).toEqual([64]);
    expect(bytes).toHaveLength(48);
    expect(bytesToBigint(bytes) > 0n).toBe(true);
  });

  it('refuse an rng that returns the wrong length or the wrong type', () => {
    const curve = getCurve('P-256');
    expectCryptoError(() => randomScalar(curve, (n) => new Uint8Array(n - 1)), 'invalid-argument', { field: 'rng', message: /requested length 48/ });
    expectCryptoError(() => randomScalar(curve, () => [1, 2, 3] as never), 'invalid-argument', { field: 'rng' });
  });

  it('randomBytes fills more than one getRandomValues chunk', () => {
    const big = randomBytes(65536 * 2 + 10);
    expect(big).toHaveLength(131082);
    expect(big.subarray(65536).some((b) => b !== 0)).toBe(true);
    expect(big.subarray(131072).some((b) => b !== 0)).toBe(true); // the 10-byte tail was filled too
  });
});
