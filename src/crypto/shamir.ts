// Shamir secret sharing over a curve's scalar field (Shamir 1979), with Feldman
// commitments (Feldman 1987) so a receiver can check its share against public data.
// A site with threshold t uses a degree-t polynomial f: any t+1 of the shares f(1..n)
// recover f(0); any t reveal nothing. Share x-coordinates are the node indices 1..n.
import { invert, mod } from '@noble/curves/abstract/modular.js';
import { abytes, aint } from './_guards.ts';
import { bigintToBytes, bytesToBigint, equalBytes } from './bytes.ts';
import { assertScalar, type Curve, type CurvePoint } from './curves.ts';
import { CryptoError } from './errors.ts';
import { randomBytes, randomFieldElement, type Rng } from './random.ts';

export interface Share {
  /** x-coordinate and node index, 1..255. */
  readonly index: number;
  /** f(index), big-endian, curve.scalarBytes long; 0 ≤ value < n. */
  readonly value: Uint8Array;
}

export interface SharingParams {
  /** Number of shares (nodes), 2..255. */
  n: number;
  /** Threshold: polynomial degree; t+1 shares reconstruct. 1 ≤ t < n. */
  t: number;
}

export interface Sharing {
  shares: Share[];
  /** Feldman commitments C_j = a_j·G for j = 0..t, encoded as in SPKI (C_0 is the public key). */
  commitments: Uint8Array[];
}

export const MAX_SHARES = 255;

export function checkSharingParams(params: SharingParams): SharingParams {
  if (typeof params !== 'object' || params === null) {
    throw new CryptoError('invalid-argument', '"params" expected {n, t}', { field: 'params' });
  }
  const n = aint(params.n, 'n', 2, MAX_SHARES);
  const t = aint(params.t, 't', 1, MAX_SHARES - 1);
  if (t >= n) throw new CryptoError('invalid-argument', `"t" must be less than n (t=${t}, n=${n}): t+1 shares must be able to reconstruct`, { field: 't' });
  return { n, t };
}

function evaluate(coefficients: readonly bigint[], x: bigint, order: bigint): bigint {
  let acc = 0n;
  for (let j = coefficients.length - 1; j >= 0; j--) acc = mod(acc * x + coefficients[j]!, order);
  return acc;
}

/** Deal f with f(0) = constant and t random coefficients; shares at x = 1..n. */
function deal(curve: Curve, constant: bigint, params: SharingParams, rng: Rng, withCommitments = true): Sharing {
  const { n, t } = checkSharingParams(params);
  const coefficients = [constant];
  for (let j = 1; j <= t; j++) coefficients.push(randomFieldElement(curve, rng));
  const shares: Share[] = [];
  for (let i = 1; i <= n; i++) {
    shares.push({ index: i, value: bigintToBytes(evaluate(coefficients, BigInt(i), curve.order), curve.scalarBytes) });
  }
  // t+1 scalar multiplications: skipped by callers that never publish commitments.
  const commitments = withCommitments
    ? coefficients.map((a) => (a === 0n ? curve.identity.slice() : curve.encodePoint(curve.base.multiply(a))))
    : [];
  coefficients.fill(0n);
  return { shares, commitments };
}

/**
 * k·P for a small public k (a power of a node index, a binomial coefficient): a few of noble's
 * point additions, where noble's windowed multiplyUnsafe first builds a table for P and costs
 * ten times more for k = 2 or 3. Anything larger goes to multiplyUnsafe. Public values only.
 */
function timesSmall(p: CurvePoint, k: bigint): CurvePoint {
  if (k <= 0n || k > 0xffffn) return p.multiplyUnsafe(k);
  let sum: CurvePoint | undefined;
  let addend = p;
  for (let e = k; ; ) {
    if (e & 1n) sum = sum ? sum.add(addend) : addend;
    e >>= 1n;
    if (e === 0n) return sum!;
    addend = addend.add(addend);
  }
}

/** A commitment is a point or, for a zero coefficient (sharing of zero), the identity. */
function decodeCommitment(curve: Curve, bytes: Uint8Array, field: string): CurvePoint | 'zero' {
  abytes(bytes, field);
  if (equalBytes(bytes, curve.identity)) return 'zero';
  return curve.decodePoint(bytes);
}

/** Split a private scalar (big-endian bytes, 1 ≤ s < n) into n shares with threshold t. */
export function split(curve: Curve, secret: Uint8Array, params: SharingParams, rng: Rng = randomBytes): Sharing {
  abytes(secret, 'secret', curve.scalarBytes);
  const s = assertScalar(curve, bytesToBigint(secret), 'secret');
  return deal(curve, s, params, rng);
}

/** Like split, without Feldman commitments (their t+1 scalar multiplications), for wrapping shares. */
export function splitShares(curve: Curve, secret: Uint8Array, params: SharingParams, rng: Rng = randomBytes): Share[] {
  abytes(secret, 'secret', curve.scalarBytes);
  const s = assertScalar(curve, bytesToBigint(secret), 'secret');
  return deal(curve, s, params, rng, false).shares;
}

/** A fresh random sharing of zero, for re-randomizing an existing sharing. */
export function splitZero(curve: Curve, params: SharingParams, rng: Rng = randomBytes): Sharing {
  return deal(curve, 0n, params, rng);
}

function shareValue(curve: Curve, share: Share, field: string): bigint {
  if (typeof share !== 'object' || share === null) throw new CryptoError('invalid-share', `"${field}" expected {index, value}`, { field });
  aint(share.index, `${field}.index`, 1, MAX_SHARES);
  abytes(share.value, `${field}.value`, curve.scalarBytes);
  const y = bytesToBigint(share.value);
  if (y >= curve.order) throw new CryptoError('invalid-share', `"${field}.value" is not below the ${curve.name} group order`, { field: `${field}.value` });
  return y;
}

/** Add two shares of the same index (re-randomization: share + share-of-zero). */
export function addShares(curve: Curve, a: Share, b: Share): Share {
  const ya = shareValue(curve, a, 'a');
  const yb = shareValue(curve, b, 'b');
  if (a.index !== b.index) throw new CryptoError('invalid-share', `cannot add shares of different indices (${a.index} and ${b.index})`, { field: 'b.index' });
  return { index: a.index, value: bigintToBytes(mod(ya + yb, curve.order), curve.scalarBytes) };
}

/** Lagrange basis coefficient λ_i(at) = Π_{j≠i} (at − x_j) / (x_i − x_j) mod n. */
export function lagrangeCoefficient(curve: Curve, xs: readonly bigint[], i: number, at = 0n): bigint {
  const n = curve.order;
  const xi = xs[i]!;
  let num = 1n;
  let den = 1n;
  for (const [j, xj] of xs.entries()) {
    if (j === i) continue;
    num = mod(num * (at - xj), n);
    den = mod(den * (xi - xj), n);
  }
  return mod(num * invert(den, n), n);
}

function checkedPoints(curve: Curve, shares: readonly Share[], min: number): { xs: bigint[]; ys: bigint[] } {
  if (!Array.isArray(shares)) throw new CryptoError('invalid-argument', '"shares" expected an array', { field: 'shares' });
  if (shares.length < min) {
    throw new CryptoError('invalid-share', `need at least ${min} shares, got ${shares.length}`, { field: 'shares' });
  }
  const seen = new Set<number>();
  const xs: bigint[] = [];
  const ys: bigint[] = [];
  for (const [k, share] of shares.entries()) {
    if (typeof share === 'object' && share !== null && share.index === 0) {
      throw new CryptoError('invalid-share', `"shares[${k}].index" is 0; x = 0 would be the secret itself`, { field: `shares[${k}].index` });
    }
    const y = shareValue(curve, share, `shares[${k}]`);
    if (seen.has(share.index)) {
      throw new CryptoError('invalid-share', `duplicate share index ${share.index} at shares[${k}]`, { field: `shares[${k}].index` });
    }
    seen.add(share.index);
    xs.push(BigInt(share.index));
    ys.push(y);
  }
  return { xs, ys };
}

export interface CombineOptions {
  /**
   * When given: at least t+1 shares are required, the first t+1 define the polynomial and
   * every extra share must lie on it (a corrupted share is detected, not averaged in).
   */
  threshold?: number;
}

/** Recover f(0) from shares by Lagrange interpolation; returns big-endian scalar bytes. */
export function combine(curve: Curve, shares: readonly Share[], options: CombineOptions = {}): Uint8Array {
  const t = options.threshold === undefined ? undefined : aint(options.threshold, 'threshold', 1, MAX_SHARES - 1);
  const { xs, ys } = checkedPoints(curve, shares, t === undefined ? 2 : t + 1);
  const k = t === undefined ? xs.length : t + 1;
  const baseXs = xs.slice(0, k);
  const interpolate = (at: bigint) => {
    let acc = 0n;
    for (let i = 0; i < k; i++) acc = mod(acc + ys[i]! * lagrangeCoefficient(curve, baseXs, i, at), curve.order);
    return acc;
  };
  for (let extra = k; extra < xs.length; extra++) {
    if (interpolate(xs[extra]!) !== ys[extra]) {
      throw new CryptoError('invalid-share', `share ${xs[extra]} does not lie on the polynomial defined by shares ${baseXs.join(', ')}`, {
        field: `shares[${extra}]`,
      });
    }
  }
  const secret = interpolate(0n);
  if (secret === 0n) throw new CryptoError('invalid-share', 'the shares combine to zero, which is not a private key', { field: 'shares' });
  return bigintToBytes(secret, curve.scalarBytes);
}

/** Feldman check: value·G == Σ_j C_j · index^j. */
export function verifyShare(curve: Curve, share: Share, commitments: readonly Uint8Array[]): boolean {
  const y = shareValue(curve, share, 'share');
  if (!Array.isArray(commitments) || commitments.length < 2) {
    throw new CryptoError('invalid-argument', '"commitments" expected an array of t+1 ≥ 2 encoded points', { field: 'commitments' });
  }
  const x = BigInt(share.index);
  let expected: CurvePoint | undefined;
  let power = 1n;
  for (const [j, bytes] of commitments.entries()) {
    const c = decodeCommitment(curve, bytes, `commitments[${j}]`);
    if (c !== 'zero') {
      // Commitments and indices are public: variable-time multiplication is safe and 5× faster.
      const term = timesSmall(c, power);
      expected = expected ? expected.add(term) : term;
    }
    power = mod(power * x, curve.order);
  }
  if (y === 0n) return expected === undefined || expected.is0();
  const actual = curve.base.multiply(y);
  return expected !== undefined && actual.equals(expected);
}

/**
 * Check public points X_i = x_i·G (import verification, DESIGN.md): they must lie on one
 * degree-t polynomial whose value at 0 is `publicKey`. Uses the first t+1 points to
 * interpolate in the exponent and checks the rest and the constant term.
 */
export function verifyPublicShares(
  curve: Curve,
  points: readonly { index: number; point: Uint8Array }[],
  t: number,
  publicKey: Uint8Array,
): boolean {
  aint(t, 't', 1, MAX_SHARES - 1);
  if (!Array.isArray(points) || points.length < t + 1) {
    throw new CryptoError('invalid-argument', `"points" needs at least t+1 = ${t + 1} entries`, { field: 'points' });
  }
  const xs = points.map((p, k) => BigInt(aint(p.index, `points[${k}].index`, 1, MAX_SHARES)));
  if (new Set(xs).size !== xs.length) throw new CryptoError('invalid-argument', '"points" has duplicate indices', { field: 'points' });
  const ps = points.map((p, k) => curve.decodePoint(abytes(p.point, `points[${k}].point`)));
  const base = xs.slice(0, t + 1);
  const at = (x: bigint): CurvePoint => {
    let acc: CurvePoint | undefined;
    for (let i = 0; i <= t; i++) {
      // Public points and public coefficients only: variable-time is safe here.
      const term = ps[i]!.multiplyUnsafe(lagrangeCoefficient(curve, base, i, x));
      acc = acc ? acc.add(term) : term;
    }
    return acc!;
  };
  const pub = curve.decodePoint(publicKey);
  const byIndex = consecutiveFromOne(xs);
  if (byIndex) return vanishingDifferences([pub, ...byIndex.map((k) => ps[k]!)], t);
  if (!at(0n).equals(pub)) return false;
  for (let k = t + 1; k < ps.length; k++) if (!at(xs[k]!).equals(ps[k]!)) return false;
  return true;
}

/** Positions of the points in index order when their indices are exactly 1..m (a whole site), else undefined. */
function consecutiveFromOne(xs: readonly bigint[]): number[] | undefined {
  const order = xs.map((x, k) => [x, k] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return order.every(([x], i) => x === BigInt(i + 1)) ? order.map(([, k]) => k) : undefined;
}

/**
 * Values Y_0..Y_m at x = 0..m lie on one polynomial of degree ≤ t exactly when every
 * (t+1)-th finite difference vanishes: Σ_j (−1)^j C(t+1, j) Y_(k+j) = 0 for k = 0..m−t−1.
 * The coefficients are small binomials, so for a small t this costs a handful of cheap
 * multiplications instead of full-size Lagrange coefficients (import verification of a
 * batch of keys does it once per key). Even and odd terms are compared, as points have
 * no subtraction here.
 */
function vanishingDifferences(ys: readonly CurvePoint[], t: number): boolean {
  const binomials: bigint[] = [1n];
  for (let j = 1; j <= t + 1; j++) binomials.push((binomials[j - 1]! * BigInt(t + 2 - j)) / BigInt(j));
  for (let k = 0; k + t + 1 < ys.length; k++) {
    let even: CurvePoint | undefined;
    let odd: CurvePoint | undefined;
    for (let j = 0; j <= t + 1; j++) {
      // Public points and public coefficients only: variable-time is safe here.
      const term = binomials[j] === 1n ? ys[k + j]! : timesSmall(ys[k + j]!, binomials[j]!);
      if (j % 2 === 0) even = even ? even.add(term) : term;
      else odd = odd ? odd.add(term) : term;
    }
    if (!even!.equals(odd!)) return false;
  }
  return true;
}

/**
 * Feldman check of several dealers' sub-shares for one index at once (re-randomizing a
 * batch): (Σ_d v_d)·G == Σ_d Σ_j C_dj · index^j — one full multiplication instead of one
 * per dealer. False says that some dealer's sub-share is wrong; verifyShare names which.
 */
export function verifyShareSum(curve: Curve, index: number, values: readonly Uint8Array[], commitments: readonly (readonly Uint8Array[])[]): boolean {
  aint(index, 'index', 1, MAX_SHARES);
  if (!Array.isArray(values) || !Array.isArray(commitments) || values.length !== commitments.length || values.length === 0) {
    throw new CryptoError('invalid-argument', '"values" and "commitments" expected one entry per dealer', { field: 'commitments' });
  }
  let sum = 0n;
  let expected: CurvePoint | undefined;
  const x = BigInt(index);
  for (const [d, value] of values.entries()) {
    sum = mod(sum + shareValue(curve, { index, value }, `values[${d}]`), curve.order);
    const cs = commitments[d]!;
    if (!Array.isArray(cs) || cs.length < 2) {
      throw new CryptoError('invalid-argument', `"commitments[${d}]" expected an array of t+1 ≥ 2 encoded points`, { field: `commitments[${d}]` });
    }
    let power = 1n;
    for (const [j, bytes] of cs.entries()) {
      const c = decodeCommitment(curve, bytes, `commitments[${d}][${j}]`);
      if (c !== 'zero') {
        const term = power === 1n ? c : timesSmall(c, power);
        expected = expected ? expected.add(term) : term;
      }
      power = mod(power * x, curve.order);
    }
  }
  if (sum === 0n) return expected === undefined || expected.is0();
  return expected !== undefined && curve.base.multiply(sum).equals(expected);
}
