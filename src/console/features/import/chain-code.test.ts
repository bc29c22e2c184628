import { describe, expect, it } from 'vitest';
import { checkChainCode } from './ChainCodeField.tsx';

describe('checkChainCode', () => {
  it('accepts nothing, or 64 hex digits', () => {
    expect(checkChainCode('', false)).toBeUndefined();
    expect(checkChainCode(` ${'aB'.repeat(32)} `, false)).toBeUndefined();
  });
  it('says what is wrong', () => {
    expect(checkChainCode('ab', true)).toBe('The key already carries a chain code; leave this empty.');
    expect(checkChainCode('xyz', false)).toBe('A chain code is hexadecimal (0–9, a–f).');
    expect(checkChainCode('abcd', false)).toBe('A chain code is 32 bytes: 64 hex digits; this has 4.');
  });
});
