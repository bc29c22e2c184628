// The rounds a batch session (batch-import.ts, batch-export.ts) runs for all its keys at
// once — one message per peer per round for the whole batch, one entry per key in it:
//   rerandomize — each node deals a sharing of zero per key, sealed to each peer;
//   confirm     — each node publishes, per key, its new public share, or why that key
//                 failed on it (a malformed sub-share). A key whose public shares do not
//                 lie on one polynomial through its public key fails; each node then checks
//                 its sub-shares for that key against their commitments and names the dealer.
// A key that fails on any node fails on every node (they all read the same confirm
// messages) and is stored nowhere; the other keys go on. Every node ends with the same
// list of failures. A peer whose message for a round does not fit fails the session.
import { z } from 'zod';
import { fromBase64, fromHex, toBase64, toHex, wipe } from '../../crypto/bytes.ts';
import type { CurveName } from '../../crypto/curves.ts';
import { SessionFailureInfo } from '../../protocol/session.ts';
import { fail, type FailureInfo } from './failure.ts';
import { exchange, exchangeSecret, type RoundIo } from './rounds.ts';
import type { Session } from './session.ts';
import type { SessionCrypto } from './session-crypto.ts';

/** A key of the batch still in the running: its curve, this node's share and the key's public point. */
export interface LiveKey {
  /** Position in the batch (what failures are keyed by). */
  position: number;
  keyId: string;
  curve: CurveName;
  share: Uint8Array;
  publicPoint: Uint8Array;
}

/** Per position: why the key failed. Keys not in it went through. */
export type BatchFailures = Map<number, FailureInfo>;

const BatchDeal = z.object({ keys: z.array(z.object({ value: z.string(), commitments: z.array(z.string()) })) });
const BatchConfirm = z.object({ keys: z.array(z.union([z.object({ publicShare: z.string() }), z.object({ failure: SessionFailureInfo })])) });

/**
 * Re-randomize and confirm every live key; return the fresh share of each key that passed
 * (by position), having added the others' failures to `failures`. The input shares are wiped.
 */
export async function rerandomizeAndConfirm(
  io: RoundIo,
  s: Session,
  ec: SessionCrypto,
  site: { n: number; t: number },
  keys: readonly LiveKey[],
  failures: BatchFailures,
): Promise<Map<number, Uint8Array>> {
  const { n, t } = site;
  const fresh = new Map<number, Uint8Array>();
  if (keys.length === 0) return fresh;
  const dealt = await ec.dealZeroMany({ curves: keys.map((k) => k.curve), n, t });
  const commitments = dealt.commitments.map((cs) => cs.map(toBase64));
  const deals = await exchangeSecret(io, s, 'rerandomize', BatchDeal, (peer) => ({
    keys: keys.map((_, k) => ({ value: toHex(dealt.shares[k]![peer - 1]!), commitments: commitments[k]! })),
  }));
  const received = new Map<number, z.infer<typeof BatchDeal>['keys']>();
  for (const [from, body] of deals) {
    if (body === undefined || body.keys.length !== keys.length) fail('verification-failed', `node ${from}'s re-randomization message does not carry one sub-share per key of the batch`, { node: from });
    received.set(from, body.keys);
  }
  // Each key's sub-shares as received, kept until the public shares are checked: a key whose
  // check fails is then traced to the dealer whose sub-share does not match its commitments.
  const sub = keys.map((_, k) =>
    [...received].map(([from, deal]) => {
      const entry = deal[k]!;
      try {
        return { from, value: fromHex(entry.value, 'value'), commitments: entry.commitments.map((c) => fromBase64(c)) };
      } catch {
        return { from, value: new Uint8Array(0), commitments: [] };
      }
    }),
  );
  try {
    return await confirmFresh(io, s, ec, t, keys, dealt, sub, failures);
  } finally {
    for (const entries of sub) for (const e of entries) wipe(e.value);
  }
}

async function confirmFresh(
  io: RoundIo,
  s: Session,
  ec: SessionCrypto,
  t: number,
  keys: readonly LiveKey[],
  dealt: Awaited<ReturnType<SessionCrypto['dealZeroMany']>>,
  sub: { from: number; value: Uint8Array; commitments: Uint8Array[] }[][],
  failures: BatchFailures,
): Promise<Map<number, Uint8Array>> {
  const fresh = new Map<number, Uint8Array>();
  const absorbed = await ec.absorbMany({
    me: s.node,
    t,
    keys: keys.map((key, k) => ({ curve: key.curve, share: key.share, own: dealt.shares[k]![s.node - 1]!, received: sub[k]! })),
  });
  for (const key of keys) wipe(key.share);
  for (const shares of dealt.shares) wipe(...shares);

  const mine = absorbed.map((a, k) =>
    'fresh' in a
      ? { publicShare: toBase64(a.publicShare) }
      : { failure: { reason: 'verification-failed' as const, message: `node ${a.badDealer}'s re-randomization sub-share for key ${keys[k]!.keyId} does not match its commitments (checked by node ${s.node})`, node: a.badDealer } },
  );
  const confirms = await exchange(io, s, 'confirm', BatchConfirm, { keys: mine });
  const byNode = new Map<number, z.infer<typeof BatchConfirm>['keys']>();
  for (const [from, body] of confirms) {
    if (body === undefined || body.keys.length !== keys.length) fail('verification-failed', `node ${from}'s confirm message does not carry one entry per key of the batch`, { node: from });
    byNode.set(from, body.keys);
  }
  const checks: { k: number; points: { index: number; point: Uint8Array }[] }[] = [];
  const entries = [...byNode].sort(([a], [b]) => a - b);
  for (const [k, key] of keys.entries()) {
    const failed = entries.find(([, e]) => 'failure' in e[k]!);
    if (failed) {
      const entry = failed[1][k]! as { failure: FailureInfo };
      failures.set(key.position, entry.failure);
      continue;
    }
    try {
      checks.push({ k, points: entries.map(([index, e]) => ({ index, point: fromBase64((e[k] as { publicShare: string }).publicShare) })) });
    } catch {
      failures.set(key.position, { reason: 'verification-failed', message: `a node's public share for key ${key.keyId} is not base64` });
    }
  }
  const verdicts = await ec.verifyMany({ t, keys: checks.map((c) => ({ curve: keys[c.k]!.curve, publicKey: keys[c.k]!.publicPoint, points: c.points })) });
  const suspect: number[] = [];
  for (const [i, c] of checks.entries()) {
    const a = absorbed[c.k]!;
    if (verdicts[i] && 'fresh' in a) fresh.set(keys[c.k]!.position, a.fresh);
    else suspect.push(c.k);
  }
  // Fresh shares of keys that failed anywhere are not kept.
  for (const [k, a] of absorbed.entries()) if ('fresh' in a && !fresh.has(keys[k]!.position)) wipe(a.fresh);
  const blamed = suspect.length === 0 ? [] : await ec.blameMany({ me: s.node, keys: suspect.map((k) => ({ curve: keys[k]!.curve, received: sub[k]! })) });
  for (const [i, k] of suspect.entries()) {
    const key = keys[k]!;
    const dealer = blamed[i]!;
    failures.set(
      key.position,
      dealer > 0
        ? { reason: 'verification-failed', message: `node ${dealer}'s re-randomization sub-share for key ${key.keyId} does not match its commitments (checked by node ${s.node})`, node: dealer }
        : { reason: 'verification-failed', message: `the nodes' public shares of key ${key.keyId} do not lie on one polynomial through its public key: the shares do not belong to this key` },
    );
  }
  return fresh;
}
