import { describe, expect, it } from 'vitest';
import { applySummary, outcomeText } from './apply-words.ts';

describe('apply words', () => {
  it('names the changed nodes even when another failed', () => {
    const s = applySummary([
      { site: 'main', index: 1, outcome: 'changed' },
      { site: 'main', index: 2, outcome: 'failed', reason: 'token refused' },
      { site: 'main', index: 3, outcome: 'conflict', reason: 'x' },
    ]);
    expect(s.ok).toBe(false);
    expect(s.text).toBe('Changed: main node 1. Changed meanwhile, re-planned: main node 3. Failed: main node 2.');
  });
  it('all well', () => {
    expect(applySummary([{ site: 'main', index: 1, outcome: 'changed' }, { site: 'main', index: 2, outcome: 'unchanged' }])).toEqual({ ok: true, text: 'Changed: main node 1. Every node is now as planned.' });
  });
  it('a conflict says re-planned, a failure says why', () => {
    expect(outcomeText({ site: 'main', index: 3, outcome: 'conflict' })).toContain('main node 3 changed meanwhile — re-planned');
    expect(outcomeText({ site: 'main', index: 2, outcome: 'failed', reason: 'token refused' })).toContain('failed — token refused');
  });
});
