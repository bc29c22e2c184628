import { describe, expect, it } from 'vitest';
import { checkLabel, MAX_LABEL_LENGTH } from './label.ts';

describe('checkLabel', () => {
  it('accepts 1 to 64 characters and trims surrounding spaces', () => {
    expect(checkLabel('a')).toEqual({ ok: true, label: 'a' });
    expect(checkLabel('  Site A production  ')).toEqual({ ok: true, label: 'Site A production' });
    expect(checkLabel('x'.repeat(MAX_LABEL_LENGTH))).toEqual({ ok: true, label: 'x'.repeat(64) });
  });

  it('counts characters, not UTF-16 code units', () => {
    expect(checkLabel('🔑'.repeat(64)).ok).toBe(true);
    expect(checkLabel('🔑'.repeat(65)).ok).toBe(false);
  });

  it('refuses an empty or blank label with a sentence', () => {
    for (const input of ['', '   ', '\n']) {
      const result = checkLabel(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^Enter a label/);
    }
  });

  it('refuses a label longer than 64 characters and says how long it is', () => {
    const result = checkLabel('y'.repeat(70));
    expect(result).toEqual({ ok: false, message: 'The label is 70 characters long; use at most 64.' });
  });

  it('refuses control characters inside the label', () => {
    for (const input of ['a\tb', 'a\nb', 'a\u0000b', 'a\u009bb']) {
      const result = checkLabel(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/control characters/);
    }
  });

  it('throws a TypeError for a non-string', () => {
    for (const input of [undefined, null, 1, {}]) {
      expect(() => checkLabel(input as unknown as string)).toThrow(TypeError);
    }
  });
});
