import { describe, expect, it } from 'vitest';
import { canarySummary, stepText } from './canary-words.ts';

describe('canary words', () => {
  it('a step with its time, and a failure with its message', () => {
    expect(stepText({ step: 'export', ok: true, ms: 812 })).toBe('Export it under the fail-over nodes’ wrapping keys: ok in 812 ms');
    expect(stepText({ step: 'import', ok: false, ms: 20, message: 'failover node 2 refused' })).toContain('failed in 20 ms — failover node 2 refused');
  });
  it('the summary says ok with the total, or the failure', () => {
    expect(canarySummary({ keyId: 'canary-x', curve: 'secp256k1', ok: true, steps: [], totalMs: 3000 })).toContain('Canary ok: secp256k1 key canary-x');
    expect(canarySummary({ keyId: 'canary-x', curve: 'secp256k1', ok: false, steps: [], totalMs: 10, failure: 'main node 1 unreachable' })).toBe('Canary failed after 10 ms: main node 1 unreachable.');
  });
});
