import { describe, expect, it } from 'vitest';
import { applySummary, outcomeText } from './apply-words.ts';

describe('apply words', () => {
  it('names the changed nodes even when another failed', () => {
    const s = applySummary([
      { site: 'main', index: 1, part: 'whitelist', outcome: 'changed' },
      { site: 'main', index: 2, part: 'whitelist', outcome: 'failed', reason: 'token refused' },
      { site: 'main', index: 3, part: 'whitelist', outcome: 'conflict', reason: 'x' },
      { site: 'main', index: 1, part: 'record', outcome: 'changed' },
      { site: 'failover', index: 1, part: 'record', outcome: 'changed' },
    ]);
    expect(s.ok).toBe(false);
    expect(s.text).toBe(
      'Whitelists changed: main node 1. Pairing records written: main node 1, failover node 1. Changed meanwhile, re-planned: main node 3 (whitelist). Failed: main node 2 (whitelist).',
    );
  });
  it('all well', () => {
    expect(applySummary([{ site: 'main', index: 1, outcome: 'changed' }, { site: 'main', index: 2, outcome: 'unchanged' }])).toEqual({
      ok: true,
      text: 'Whitelists changed: main node 1. Every node is now as planned.',
    });
    expect(applySummary([{ site: 'main', index: 2, part: 'record', outcome: 'unchanged' }]).text).toBe('No node changed. Every node was already as planned.');
  });
  it('a conflict says re-planned, a failure says why', () => {
    expect(outcomeText({ site: 'main', index: 3, part: 'record', outcome: 'conflict' })).toContain('main node 3 changed meanwhile (its pairing record) — re-planned');
    expect(outcomeText({ site: 'main', index: 2, outcome: 'failed', reason: 'token refused' })).toContain('whitelist failed — token refused');
  });
});
