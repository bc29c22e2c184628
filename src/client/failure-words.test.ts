import { describe, expect, it } from 'vitest';
import { SessionFailure } from '../protocol/domain.ts';
import { FAILURE_SENTENCES, reasonSentence } from './failure-words.ts';

describe('reasonSentence', () => {
  it('has a sentence for every reason the protocol defines', () => {
    for (const reason of SessionFailure.options) expect(FAILURE_SENTENCES[reason]).toMatch(/^[A-Z].*\.$/);
    expect(Object.keys(FAILURE_SENTENCES).sort()).toEqual([...SessionFailure.options].sort());
  });
  it('still says something for a reason it does not know', () => {
    expect(reasonSentence('cosmic-ray')).toBe('The session failed (cosmic-ray).');
  });
});

