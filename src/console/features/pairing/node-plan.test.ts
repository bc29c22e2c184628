import { describe, expect, it } from 'vitest';
import type { PairPlan } from '../../../client/pairing-plan.ts';
import type { PairingState } from '../../../client/pairing-state.ts';
import { keepRefusal, replanNode, toggleKeep, withKeepChoices } from './node-plan.ts';

const other = { key: 'OTHER', fingerprint: 'f'.repeat(64), why: 'a key of neither pair' };
const cross = { key: 'CROSS', fingerprint: 'c'.repeat(64), why: "fail-over node 2's key" };

const plan = (over: Partial<PairPlan>): PairPlan => ({ index: 1, state: 'extra-entries', crossIndex: [], removed: [], kept: [], change: { enableExport: true, whitelist: ['COUNTERPART'], version: 4 }, ...over });

describe('replanNode', () => {
  it('keeps nothing by default: the counterpart key only', () => {
    const p = replanNode(plan({ state: 'wrong-counterpart', removed: [other, cross] }), new Set());
    expect(p.change).toEqual({ enableExport: true, whitelist: ['COUNTERPART'], version: 4 });
    expect(p.removed).toHaveLength(2);
  });

  it('a kept entry stays after the counterpart key and is listed under kept', () => {
    const p = replanNode(plan({ state: 'missing', removed: [other, cross] }), new Set([other.fingerprint]));
    expect(p.change?.whitelist).toEqual(['COUNTERPART', 'OTHER']);
    expect(p.kept).toEqual([other]);
    expect(p.removed).toEqual([cross]);
  });

  it('extra entries all kept: no change to send', () => {
    const p = replanNode(plan({ removed: [other] }), new Set([other.fingerprint]));
    expect(p.change).toBeUndefined();
    expect(p.kept).toEqual([other]);
  });

  it('never keeps the wildcard', () => {
    const wildcard = { key: '*', why: 'the wildcard' };
    expect(keepRefusal(wildcard)).toContain('cannot be kept');
    const p = replanNode(plan({ state: 'wildcard', removed: [wildcard] }), new Set(['*']));
    expect(p.change?.whitelist).toEqual(['COUNTERPART']);
    expect(p.removed).toEqual([wildcard]);
  });

  it('a paired node is left as it is', () => {
    const paired = plan({ state: 'paired' });
    delete paired.change;
    expect(replanNode(paired, new Set(['x']))).toBe(paired);
  });
});

describe('withKeepChoices', () => {
  it('applies each node its own choice', () => {
    const state = { directions: [{ from: 'main', to: 'failover', plans: [plan({ state: 'missing', removed: [other] }), plan({ index: 2, state: 'missing', removed: [other] })] }] } as unknown as PairingState;
    const choices = toggleKeep(new Map(), 'main/2', other.fingerprint, true);
    const next = withKeepChoices(state, choices);
    expect(next.directions[0]!.plans.map((p) => p.change?.whitelist)).toEqual([['COUNTERPART'], ['COUNTERPART', 'OTHER']]);
    expect(toggleKeep(choices, 'main/2', other.fingerprint, false).get('main/2')?.size).toBe(0);
  });
});
