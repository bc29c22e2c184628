import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateWhitelist, WILDCARD } from '../protocol/export-whitelist.ts';
import type { ExportConfigView } from './export-config.ts';
import { pairState, planPair, planPairing } from './pairing-plan.ts';

/** Fail-over nodes 1..3 and one stranger: real RSA keys, read the way the node reads them. */
let keys: Array<{ spki: string; fingerprint: string }>;
beforeAll(() => {
  keys = [1, 2, 3, 4].map(() => {
    const der = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
    const { entries } = validateWhitelist([der.toString('base64')]);
    return { spki: entries[0]!.key, fingerprint: entries[0]!.fingerprint! };
  });
});

const config = (whitelist: string[], enableExport = true, version = 7): ExportConfigView => ({
  enableExport,
  whitelist,
  entries: validateWhitelist(whitelist).entries,
  version,
  updatedAt: '',
  updatedBy: '',
});
const others = () => new Map(keys.slice(0, 3).map((k, i) => [i + 1, k.fingerprint]));
const input = (index: number, whitelist: string[], enableExport = true) => ({ index, main: config(whitelist, enableExport), counterpart: keys[index - 1]!, otherCounterparts: others() });

describe('pairState', () => {
  it('tells each state apart', () => {
    expect(pairState(input(1, [keys[0]!.spki])).state).toBe('paired');
    expect(pairState(input(1, [])).state).toBe('missing');
    expect(pairState(input(1, [keys[3]!.spki])).state).toBe('missing');
    expect(pairState(input(1, [WILDCARD])).state).toBe('wildcard');
    expect(pairState(input(1, [keys[0]!.spki, keys[3]!.spki])).state).toBe('extra-entries');
    expect(pairState(input(1, [keys[0]!.spki], false)).state).toBe('export-disabled');
  });
  it('names a cross-index entry: main node 1 holding fail-over node 3’s key', () => {
    expect(pairState(input(1, [keys[2]!.spki]))).toEqual({ state: 'wrong-counterpart', crossIndex: [3] });
    expect(pairState(input(1, [keys[0]!.spki, keys[2]!.spki]))).toEqual({ state: 'wrong-counterpart', crossIndex: [3] });
  });
});

describe('planPair', () => {
  it('makes no change for a pair that is paired', () => {
    const plan = planPair(input(2, [keys[1]!.spki]));
    expect(plan).toMatchObject({ state: 'paired', removed: [], kept: [] });
    expect(plan.change).toBeUndefined();
  });
  it('sets exactly the counterpart’s key with EnableExport on, based on the version read', () => {
    const plan = planPair(input(2, [keys[2]!.spki], false));
    expect(plan.change).toEqual({ enableExport: true, whitelist: [keys[1]!.spki], version: 7 });
    expect(plan.removed).toEqual([{ key: keys[2]!.spki, fingerprint: keys[2]!.fingerprint, why: expect.stringContaining('cross-index') }]);
  });
  it('removes the wildcard and strangers unless kept, and lists what is kept', () => {
    expect(planPair(input(1, [WILDCARD])).removed).toEqual([{ key: WILDCARD, why: expect.stringContaining('wildcard') }]);
    const plan = planPair(input(1, [keys[0]!.spki, keys[3]!.spki]), new Set([keys[3]!.fingerprint]));
    expect(plan.removed).toEqual([]);
    expect(plan.kept.map((k) => k.fingerprint)).toEqual([keys[3]!.fingerprint]);
    // Kept and already so: nothing to change.
    expect(plan.change).toBeUndefined();
    const dropped = planPair(input(1, [keys[0]!.spki, keys[3]!.spki]));
    expect(dropped.change?.whitelist).toEqual([keys[0]!.spki]);
    expect(dropped.removed[0]?.why).toContain('neither pair');
  });
});

describe('planPairing', () => {
  it('plans every pair by index and refuses sites of different n', () => {
    const main = [1, 2, 3].map((index) => ({ index, config: config(index === 2 ? [keys[1]!.spki] : []) }));
    const failover = [1, 2, 3].map((index) => ({ index, wrappingKey: keys[index - 1]! }));
    const plans = planPairing(main, failover);
    expect(plans.map((p) => p.state)).toEqual(['missing', 'paired', 'missing']);
    expect(plans.map((p) => p.change?.whitelist)).toEqual([[keys[0]!.spki], undefined, [keys[2]!.spki]]);
    expect(() => planPairing(main, failover.slice(0, 2))).toThrow(/no node 3/);
  });
});
