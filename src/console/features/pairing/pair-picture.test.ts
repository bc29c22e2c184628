import { describe, expect, it } from 'vitest';
import type { PairPlan } from '../../../client/pairing-plan.ts';
import { PAIR_STATES, pictureOf, pictureSummary, STATE_LABEL, STATE_MEANING } from './pair-picture.ts';

const plan = (index: number, state: PairPlan['state'], crossIndex: number[] = []): PairPlan => ({ index, state, crossIndex, removed: [], kept: [] });

describe('pictureOf', () => {
  it('one row per pair with its state in words, and a line per cross-index entry', () => {
    const p = pictureOf({ from: 'main', to: 'failover', plans: [plan(1, 'wrong-counterpart', [3]), plan(2, 'paired'), plan(3, 'wildcard')] });
    expect(p.rows.map((r) => r.label)).toEqual(['Wrong counterpart', 'Paired', 'Wildcard']);
    expect(p.cross).toEqual([{ from: 1, to: 3 }]);
    expect(pictureSummary(p)).toBe('main → failover: 1 of 3 pairs paired; wrong counterpart: 1; wildcard: 1');
  });

  it('every state has a label and a meaning that says what its line looks like', () => {
    for (const s of PAIR_STATES) {
      expect(STATE_LABEL[s]).toBeTruthy();
      expect(STATE_MEANING[s]).toMatch(/line/);
    }
  });
});
