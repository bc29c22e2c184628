import { describe, expect, it } from 'vitest';
import { isKeyId, keyIdProblem } from './key-id.ts';

describe('key IDs', () => {
  it('takes 1–64 characters of A–Z, a–z, 0–9, _ and -', () => {
    expect(isKeyId('treasury_7-A')).toBe(true);
    expect(isKeyId('x'.repeat(64))).toBe(true);
    expect(isKeyId('x'.repeat(65))).toBe(false);
    expect(isKeyId('a b')).toBe(false);
    expect(isKeyId('')).toBe(false);
  });

  it('leaves an empty field to the nodes and names the rule otherwise', () => {
    expect(keyIdProblem('')).toBeUndefined();
    expect(keyIdProblem('ok-1')).toBeUndefined();
    expect(keyIdProblem('no/slash')).toMatch(/1–64 characters/);
  });
});
