// The curve work of a batch session across three simulated nodes: every node deals a
// sharing of zero per key, absorbs the others' sub-shares, and the public shares are
// checked. A sub-share tampered with in transit makes its key (and only it) fail the
// public-share check; the node that received it names the dealer (blameMany), the others
// find nothing wrong with theirs.
import { describe, expect, it } from 'vitest';
import { bigintToBytes, bytesToBigint } from '../../crypto/bytes.ts';
import { getCurve, publicKeyFromScalar } from '../../crypto/curves.ts';
import { randomScalarBytes as randomScalar } from '../../crypto/random.ts';
import { combine, splitShares } from '../../crypto/shamir.ts';
import { absorbMany, blameMany, dealZeroMany, verifyMany, type AbsorbKey, type Dealt } from './batch-math.ts';

const curve = getCurve('secp256k1');
const n = 3;
const t = 1;
const KEYS = 5;

interface Site {
  secrets: Uint8Array[];
  publicKeys: Uint8Array[];
  /** shares[k][i - 1]: node i's share of key k. */
  shares: Uint8Array[][];
  deals: Dealt[];
}

function site(): Site {
  const secrets = Array.from({ length: KEYS }, () => randomScalar(curve));
  return {
    secrets,
    publicKeys: secrets.map((s) => publicKeyFromScalar(curve, s)),
    shares: secrets.map((s) => splitShares(curve, s, { n, t }).map((sh) => sh.value)),
    deals: Array.from({ length: n }, () => dealZeroMany({ curves: Array(KEYS).fill('secp256k1'), n, t })),
  };
}

/** What node `me` received for key k: each other dealer's sub-share for it and that dealer's commitments. */
function received(s: Site, me: number, k: number): AbsorbKey['received'] {
  return [1, 2, 3].filter((d) => d !== me).map((d) => ({ from: d, value: s.deals[d - 1]!.shares[k]![me - 1]!.slice(), commitments: s.deals[d - 1]!.commitments[k]! }));
}

function runNodes(s: Site, tamper?: (me: number, k: number, r: AbsorbKey['received']) => void) {
  const inputs = [1, 2, 3].map((me) =>
    Array.from({ length: KEYS }, (_, k) => {
      const r = received(s, me, k);
      tamper?.(me, k, r);
      return r;
    }),
  );
  const absorbed = [1, 2, 3].map((me) =>
    absorbMany({ me, t, keys: inputs[me - 1]!.map((r, k) => ({ curve: 'secp256k1', share: s.shares[k]![me - 1]!.slice(), own: s.deals[me - 1]!.shares[k]![me - 1]!.slice(), received: r })) }),
  );
  const verdicts = verifyMany({
    t,
    keys: s.publicKeys.map((publicKey, k) => ({
      curve: 'secp256k1',
      publicKey,
      points: [1, 2, 3].map((i) => {
        const a = absorbed[i - 1]![k]!;
        if (!('publicShare' in a)) throw new Error(`node ${i} refused key ${k}`);
        return { index: i, point: a.publicShare };
      }),
    })),
  });
  return { inputs, absorbed, verdicts };
}

describe('batch re-randomization (batch-math)', () => {
  it('gives every node a fresh share of the same key, the public shares checking out', () => {
    const s = site();
    const { absorbed, verdicts } = runNodes(s);
    expect(verdicts).toEqual(Array(KEYS).fill(true));
    for (let k = 0; k < KEYS; k++) {
      const fresh = absorbed.map((a) => (a[k] as { fresh: Uint8Array }).fresh);
      // New shares, not the old ones …
      for (let i = 0; i < n; i++) expect(Buffer.from(fresh[i]!).equals(Buffer.from(s.shares[k]![i]!))).toBe(false);
      // … of the same secret: any t+1 of them combine to it.
      expect(Buffer.from(combine(curve, [{ index: 1, value: fresh[0]! }, { index: 3, value: fresh[2]! }])).equals(Buffer.from(s.secrets[k]!))).toBe(true);
    }
  });

  it('fails only the key whose sub-share was altered, and the node that got it names the dealer', () => {
    const s = site();
    const { inputs, verdicts } = runNodes(s, (me, k, r) => {
      if (me !== 1 || k !== 2) return;
      const fromThree = r.find((e) => e.from === 3)!;
      fromThree.value = bigintToBytes((bytesToBigint(fromThree.value) + 1n) % curve.order, curve.scalarBytes);
    });
    expect(verdicts).toEqual([true, true, false, true, true]);
    expect(blameMany({ me: 1, keys: [{ curve: 'secp256k1', received: inputs[0]![2]! }] })).toEqual([3]);
    expect(blameMany({ me: 2, keys: [{ curve: 'secp256k1', received: inputs[1]![2]! }] })).toEqual([0]);
    expect(blameMany({ me: 3, keys: [{ curve: 'secp256k1', received: inputs[2]![2]! }] })).toEqual([0]);
  });

  it('blames a dealer whose commitments do not fit the sub-share it sent', () => {
    const s = site();
    const r = received(s, 2, 0);
    const fromOne = r.find((e) => e.from === 1)!;
    fromOne.commitments = [fromOne.commitments[0]!, publicKeyFromScalar(curve, randomScalar(curve))];
    expect(blameMany({ me: 2, keys: [{ curve: 'secp256k1', received: r }] })).toEqual([1]);
  });

  it('refuses at once a sub-share not shaped as a sharing of zero, naming its dealer', () => {
    const s = site();
    const r = received(s, 3, 1);
    // A non-identity constant commitment: the dealer shared something other than zero.
    const fromTwo = r.find((e) => e.from === 2)!;
    fromTwo.commitments = [publicKeyFromScalar(curve, randomScalar(curve)), fromTwo.commitments[1]!];
    const [a] = absorbMany({ me: 3, t, keys: [{ curve: 'secp256k1', share: s.shares[1]![2]!.slice(), own: s.deals[2]!.shares[1]![2]!.slice(), received: r }] });
    expect(a).toEqual({ badDealer: 2 });
    // A sub-share of the wrong length.
    const short = received(s, 3, 1);
    short[0]!.value = short[0]!.value.subarray(0, 31);
    const [b] = absorbMany({ me: 3, t, keys: [{ curve: 'secp256k1', share: s.shares[1]![2]!.slice(), own: s.deals[2]!.shares[1]![2]!.slice(), received: short }] });
    expect(b).toEqual({ badDealer: short[0]!.from });
  });
});
