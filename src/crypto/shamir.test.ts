// Shamir sharing over each curve's scalar field: reconstruction from any t+1 shares,
// Feldman verification, re-randomization with sharings of zero, and every refusal.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigintToBytes, bytesToBigint } from './bytes.ts';
import { CURVE_NAMES, getCurve, publicKeyFromScalar, scalarToBytes, type Curve } from './curves.ts';
import { randomScalarBytes } from './random.ts';
import { addShares, checkSharingParams, combine, lagrangeCoefficient, split, splitShares, splitZero, verifyPublicShares, verifyShare, verifyShareSum, type Share } from './shamir.ts';
import { expectCryptoError } from './test-support/expect-error.ts';

/** Deterministic rng for fast-check (SHA-256 in counter mode): distinct seeds give distinct streams. */
function seededRng(seed: number): (length: number) => Uint8Array {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += 32) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, length - offset)), offset);
    }
    return out;
  };
}

const curveArb = fc.constantFrom(...CURVE_NAMES).map(getCurve);
const secretArb = (curve: Curve) => fc.bigInt({ min: 1n, max: curve.order - 1n }).map((s) => scalarToBytes(curve, s));
/** n in 2..8, t in 1..n-1. */
const paramsArb = fc.integer({ min: 2, max: 8 }).chain((n) => fc.record({ n: fc.constant(n), t: fc.integer({ min: 1, max: n - 1 }) }));

const sharingCase = curveArb.chain((curve) =>
  fc.record({ curve: fc.constant(curve), secret: secretArb(curve), params: paramsArb, seed: fc.integer() }),
);

describe('split / combine properties', () => {
  it('any t+1 of the n shares (in any order) recombine to the secret, on every curve', () => {
    fc.assert(
      fc.property(
        sharingCase.chain((c) => {
          const sharing = split(c.curve, c.secret, c.params, seededRng(c.seed));
          return fc.record({
            c: fc.constant(c),
            subset: fc.shuffledSubarray(sharing.shares, { minLength: c.params.t + 1, maxLength: c.params.n }),
          });
        }),
        ({ c, subset }) => {
          expect(combine(c.curve, subset)).toEqual(c.secret);
          expect(combine(c.curve, subset, { threshold: c.params.t })).toEqual(c.secret);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('t shares do not determine the secret: combining exactly t shares gives something else', () => {
    fc.assert(
      fc.property(
        sharingCase.filter((c) => c.params.t >= 2),
        (c) => {
          const { shares } = split(c.curve, c.secret, c.params, seededRng(c.seed));
          expect(combine(c.curve, shares.slice(0, c.params.t))).not.toEqual(c.secret);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('shares are fixed-length values below the order at indices 1..n, and C_0 is the public key', () => {
    fc.assert(
      fc.property(sharingCase, (c) => {
        const { shares, commitments } = split(c.curve, c.secret, c.params, seededRng(c.seed));
        expect(shares.map((s) => s.index)).toEqual(Array.from({ length: c.params.n }, (_, i) => i + 1));
        for (const s of shares) {
          expect(s.value).toHaveLength(c.curve.scalarBytes);
          expect(bytesToBigint(s.value) < c.curve.order).toBe(true);
        }
        expect(commitments).toHaveLength(c.params.t + 1);
        expect(commitments[0]).toEqual(publicKeyFromScalar(c.curve, c.secret));
      }),
      { numRuns: 50 },
    );
  });

  it('verifyShare accepts every Feldman-committed share and rejects a tampered value or index', () => {
    fc.assert(
      fc.property(sharingCase, fc.nat(), fc.bigInt({ min: 1n, max: 1n << 64n }), (c, pick, delta) => {
        const { shares, commitments } = split(c.curve, c.secret, c.params, seededRng(c.seed));
        for (const s of shares) expect(verifyShare(c.curve, s, commitments)).toBe(true);
        const victim = shares[pick % shares.length]!;
        const tampered = { index: victim.index, value: bigintToBytes((bytesToBigint(victim.value) + delta) % c.curve.order, c.curve.scalarBytes) };
        expect(verifyShare(c.curve, tampered, commitments)).toBe(false);
        const moved = { index: (victim.index % c.params.n) + 1, value: victim.value };
        expect(verifyShare(c.curve, moved, commitments)).toBe(false);
      }),
      { numRuns: 20 },
    );
  }, 30_000);

  it('shares of a sharing of zero verify against its commitments (C_0 is the identity)', () => {
    fc.assert(
      fc.property(curveArb, paramsArb, fc.integer(), fc.nat(), (curve, params, seed, pick) => {
        const zero = splitZero(curve, params, seededRng(seed));
        expect(zero.commitments[0]).toEqual(curve.identity);
        const s = zero.shares[pick % params.n]!;
        expect(verifyShare(curve, s, zero.commitments)).toBe(true);
        const tampered = { index: s.index, value: bigintToBytes((bytesToBigint(s.value) + 1n) % curve.order, curve.scalarBytes) };
        expect(verifyShare(curve, tampered, zero.commitments)).toBe(false);
      }),
      { numRuns: 30 },
    );
  }, 30_000);

  it('adding a sharing of zero (re-randomization) keeps the secret and changes every share', () => {
    fc.assert(
      fc.property(sharingCase, fc.integer(), (c, zeroSeed) => {
        const sharing = split(c.curve, c.secret, c.params, seededRng(c.seed));
        const zero = splitZero(c.curve, c.params, seededRng(zeroSeed ^ 0x5a5a5a5a));
        const fresh = sharing.shares.map((s, i) => addShares(c.curve, s, zero.shares[i]!));
        expect(fresh.some((s, i) => !s.value.every((b, k) => b === sharing.shares[i]!.value[k]))).toBe(true);
        expect(combine(c.curve, fresh, { threshold: c.params.t })).toEqual(c.secret);
        expect(combine(c.curve, fresh.slice(-(c.params.t + 1)))).toEqual(c.secret);
      }),
      { numRuns: 60 },
    );
  }, 30_000);

  it('verifyPublicShares accepts x_i·G of a sharing and rejects a point from another sharing', () => {
    fc.assert(
      fc.property(sharingCase, (c) => {
        const { shares } = split(c.curve, c.secret, c.params, seededRng(c.seed));
        const pub = publicKeyFromScalar(c.curve, c.secret);
        const points = shares.map((s) => ({ index: s.index, point: publicKeyFromScalar(c.curve, s.value) }));
        expect(verifyPublicShares(c.curve, points, c.params.t, pub)).toBe(true);
        const other = split(c.curve, c.secret, c.params, seededRng(c.seed + 1)).shares;
        const mixed = points.map((p, i) => (i === points.length - 1 ? { index: p.index, point: publicKeyFromScalar(c.curve, other[i]!.value) } : p));
        expect(verifyPublicShares(c.curve, mixed, c.params.t, pub)).toBe(false);
        const wrongKey = publicKeyFromScalar(c.curve, randomScalarBytes(c.curve, seededRng(c.seed + 2)));
        expect(verifyPublicShares(c.curve, points, c.params.t, wrongKey)).toBe(false);
      }),
      { numRuns: 15 },
    );
  }, 30_000);

  it('Lagrange coefficients at 0 sum to 1 (they interpolate a constant)', () => {
    const curve = getCurve('P-256');
    const xs = [1n, 3n, 4n, 9n];
    const sum = xs.reduce((acc, _, i) => (acc + lagrangeCoefficient(curve, xs, i)) % curve.order, 0n);
    expect(sum).toBe(1n);
  });
});

describe('Shamir refusals', () => {
  const curve = getCurve('secp256k1');
  const secret = scalarToBytes(curve, 0x1234567890abcdefn);
  const { shares } = split(curve, secret, { n: 5, t: 2 }, seededRng(7));
  const share = (i: number): Share => shares[i - 1]!;

  it('sharing parameters: t < 1, t ≥ n, n < 2, n > 255, non-integers', () => {
    expectCryptoError(() => split(curve, secret, { n: 3, t: 0 }), 'invalid-argument', { field: 't' });
    expectCryptoError(() => split(curve, secret, { n: 3, t: -1 }), 'invalid-argument', { field: 't' });
    expectCryptoError(() => split(curve, secret, { n: 3, t: 3 }), 'invalid-argument', { field: 't', message: /less than n/ });
    expectCryptoError(() => split(curve, secret, { n: 3, t: 4 }), 'invalid-argument', { field: 't' });
    expectCryptoError(() => split(curve, secret, { n: 1, t: 1 }), 'invalid-argument', { field: 'n' });
    expectCryptoError(() => split(curve, secret, { n: 256, t: 1 }), 'invalid-argument', { field: 'n', message: /between 2 and 255/ });
    expectCryptoError(() => splitZero(curve, { n: 300, t: 2 }), 'invalid-argument', { field: 'n' });
    expectCryptoError(() => split(curve, secret, { n: 3.5, t: 1 }), 'invalid-argument', { field: 'n' });
    expectCryptoError(() => checkSharingParams(null as never), 'invalid-argument', { field: 'params' });
    expect(checkSharingParams({ n: 255, t: 254 })).toEqual({ n: 255, t: 254 });
  });

  it('secret 0, secret = n, secret ≥ n and a secret of the wrong length', () => {
    expectCryptoError(() => split(curve, new Uint8Array(32), { n: 3, t: 1 }), 'invalid-scalar', { field: 'secret' });
    expectCryptoError(() => split(curve, scalarToBytes(curve, curve.order), { n: 3, t: 1 }), 'invalid-scalar', { field: 'secret' });
    expectCryptoError(() => split(curve, new Uint8Array(32).fill(0xff), { n: 3, t: 1 }), 'invalid-scalar', { field: 'secret' });
    expectCryptoError(() => split(getCurve('P-384'), secret, { n: 3, t: 1 }), 'invalid-argument', { field: 'secret', message: /length 48/ });
  });

  it('duplicate x, zero x and out-of-range indices', () => {
    expectCryptoError(() => combine(curve, [share(1), share(2), share(1)]), 'invalid-share', { field: 'shares[2].index', message: /duplicate/ });
    expectCryptoError(() => combine(curve, [{ index: 0, value: share(1).value }, share(2), share(3)]), 'invalid-share', { field: 'shares[0].index' });
    expectCryptoError(() => combine(curve, [share(1), { index: 256, value: share(2).value }]), 'invalid-argument', { field: 'shares[1].index' });
    expectCryptoError(() => combine(curve, [share(1), { index: 1.5, value: share(2).value }]), 'invalid-argument', { field: 'shares[1].index' });
  });

  it('share values ≥ n, of the wrong length, or not bytes', () => {
    const atOrder = { index: 2, value: scalarToBytes(curve, curve.order) };
    expectCryptoError(() => combine(curve, [share(1), atOrder, share(3)]), 'invalid-share', { field: 'shares[1].value', message: /group order/ });
    const big = { index: 2, value: new Uint8Array(32).fill(0xff) };
    expectCryptoError(() => combine(curve, [share(1), big]), 'invalid-share', { field: 'shares[1].value' });
    expectCryptoError(() => verifyShare(curve, big, [secret, secret]), 'invalid-share', { field: 'share.value' });
    expectCryptoError(() => addShares(curve, share(1), { index: 1, value: big.value }), 'invalid-share', { field: 'b.value' });
    expectCryptoError(() => combine(curve, [share(1), { index: 2, value: share(2).value.subarray(1) }]), 'invalid-argument', { field: 'shares[1].value' });
  });

  it('fewer than t+1 shares when the threshold is given; fewer than 2 otherwise', () => {
    expectCryptoError(() => combine(curve, [share(1), share(2)], { threshold: 2 }), 'invalid-share', { field: 'shares', message: /at least 3/ });
    expectCryptoError(() => combine(curve, [share(4)]), 'invalid-share', { field: 'shares' });
    expectCryptoError(() => combine(curve, []), 'invalid-share', { field: 'shares' });
    expectCryptoError(() => combine(curve, [share(1), share(2), share(3)], { threshold: 0 }), 'invalid-argument', { field: 'threshold' });
  });

  it('an inconsistent extra share is detected when the threshold is given, naming it', () => {
    expect(combine(curve, shares, { threshold: 2 })).toEqual(secret);
    const bad = { index: 5, value: bigintToBytes((bytesToBigint(share(5).value) + 1n) % curve.order, 32) };
    expectCryptoError(() => combine(curve, [share(1), share(2), share(3), share(4), bad], { threshold: 2 }), 'invalid-share', {
      field: 'shares[4]',
      message: /share 5 does not lie on the polynomial/,
    });
    // Without the threshold the extra share is interpolated in, silently giving a different value.
    expect(combine(curve, [share(1), share(2), share(3), bad])).not.toEqual(secret);
  });

  it('shares that combine to zero are refused (a zero sharing is not a key)', () => {
    const zero = splitZero(curve, { n: 3, t: 1 }, seededRng(3));
    expectCryptoError(() => combine(curve, zero.shares), 'invalid-share', { message: /zero/ });
  });

  it('addShares refuses shares of different indices', () => {
    expectCryptoError(() => addShares(curve, share(1), share(2)), 'invalid-share', { field: 'b.index' });
  });

  it('verifyShare refuses malformed commitments', () => {
    const { commitments } = split(curve, secret, { n: 3, t: 1 }, seededRng(9));
    expectCryptoError(() => verifyShare(curve, share(1), commitments.slice(0, 1)), 'invalid-argument', { field: 'commitments' });
    const offCurve = commitments[1]!.slice();
    offCurve[64]! ^= 1;
    expectCryptoError(() => verifyShare(curve, share(1), [commitments[0]!, offCurve]), 'invalid-point');
  });

  it('verifyPublicShares refuses too few points and duplicate indices', () => {
    const pub = publicKeyFromScalar(curve, secret);
    const points = shares.map((s) => ({ index: s.index, point: publicKeyFromScalar(curve, s.value) }));
    expectCryptoError(() => verifyPublicShares(curve, points.slice(0, 2), 2, pub), 'invalid-argument', { field: 'points' });
    expectCryptoError(() => verifyPublicShares(curve, [points[0]!, points[1]!, points[0]!], 2, pub), 'invalid-argument', { message: /duplicate/ });
  });
});

describe('deterministic with an injected rng', () => {
  it('the same rng gives the same sharing; a different one a different sharing', () => {
    const curve = getCurve('Ed25519');
    const secret = randomScalarBytes(curve, seededRng(1));
    const a = split(curve, secret, { n: 4, t: 2 }, seededRng(42));
    const b = split(curve, secret, { n: 4, t: 2 }, seededRng(42));
    const c = split(curve, secret, { n: 4, t: 2 }, seededRng(43));
    expect(a).toEqual(b);
    expect(a.shares[0]!.value).not.toEqual(c.shares[0]!.value);
  });

  it('splitShares deals the same shares as split (without commitments) and refuses the same secrets', () => {
    fc.assert(
      fc.property(sharingCase, (c) => {
        const shares = splitShares(c.curve, c.secret, c.params, seededRng(c.seed));
        expect(shares).toEqual(split(c.curve, c.secret, c.params, seededRng(c.seed)).shares);
        expect(combine(c.curve, shares.slice(0, c.params.t + 1))).toEqual(c.secret);
      }),
      { numRuns: 20 },
    );
    const curve = getCurve('P-256');
    expectCryptoError(() => splitShares(curve, new Uint8Array(32), { n: 3, t: 1 }), 'invalid-scalar', { field: 'secret' });
    expectCryptoError(() => splitShares(curve, new Uint8Array(31), { n: 3, t: 1 }), 'invalid-argument', { field: 'secret' });
    expectCryptoError(() => splitShares(curve, randomScalarBytes(curve), { n: 3, t: 3 }), 'invalid-argument', { field: 't' });
  });

  it('refuses an rng that returns the wrong length', () => {
    const curve = getCurve('P-256');
    expectCryptoError(() => split(curve, randomScalarBytes(curve), { n: 3, t: 1 }, () => new Uint8Array(3)), 'invalid-argument', { field: 'rng' });
  });
});

describe('batch verification helpers', () => {
  it('verifyPublicShares: a whole site in any order (finite differences) and a subset (interpolation) agree, and a higher-degree sharing is refused', () => {
    fc.assert(
      fc.property(sharingCase, fc.integer(), (c, shuffleSeed) => {
        const pub = publicKeyFromScalar(c.curve, c.secret);
        const { shares } = split(c.curve, c.secret, c.params, seededRng(c.seed));
        const points = shares.map((s) => ({ index: s.index, point: publicKeyFromScalar(c.curve, s.value) }));
        const shuffled = [...points].sort((a, b) => ((a.index * 7919 + shuffleSeed) % 13) - ((b.index * 7919 + shuffleSeed) % 13));
        expect(verifyPublicShares(c.curve, shuffled, c.params.t, pub)).toBe(true);
        // Without node 1 the indices are not 1..m: the interpolation path decides.
        if (points.length > c.params.t + 1) expect(verifyPublicShares(c.curve, points.slice(1), c.params.t, pub)).toBe(true);
        // A sharing of degree t+1 is not of degree t (when there are enough points to tell).
        if (c.params.t + 1 < c.params.n) {
          const higher = split(c.curve, c.secret, { n: c.params.n, t: c.params.t + 1 }, seededRng(c.seed + 3)).shares;
          const hp = higher.map((s) => ({ index: s.index, point: publicKeyFromScalar(c.curve, s.value) }));
          expect(verifyPublicShares(c.curve, hp, c.params.t, pub)).toBe(false);
          expect(verifyPublicShares(c.curve, hp, c.params.t + 1, pub)).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  }, 30_000);

  it('verifyShareSum accepts every dealer\'s sub-shares for one index together and refuses one wrong dealer', () => {
    for (const name of CURVE_NAMES) {
      const curve = getCurve(name);
      const params = { n: 4, t: 2 };
      const dealings = [1, 2, 3].map((d) => splitZero(curve, params, seededRng(100 + d)));
      for (const index of [1, 2, 3, 4]) {
        const values = dealings.map((z) => z.shares[index - 1]!.value);
        const commitments = dealings.map((z) => z.commitments);
        expect(verifyShareSum(curve, index, values, commitments)).toBe(true);
        const bad = values.map((v, d) => (d === 1 ? bigintToBytes((bytesToBigint(v) + 1n) % curve.order, curve.scalarBytes) : v));
        expect(verifyShareSum(curve, index, bad, commitments)).toBe(false);
        expect(verifyShare(curve, { index, value: bad[1]! }, commitments[1]!)).toBe(false);
      }
      expectCryptoError(() => verifyShareSum(curve, 1, [], []), 'invalid-argument', { field: 'commitments' });
    }
  });
});
