import { describe, expect, it } from 'vitest';
import { CURVE_NAMES } from '../../crypto/curves.ts';
import { CURVE_OPTIONS, DEFAULT_CURVE, isCurveName } from './curve-options.ts';

describe('curve options', () => {
  it('offers exactly the core curves, secp256k1 first and default', () => {
    expect(CURVE_OPTIONS.map((o) => o.value)).toEqual([...CURVE_NAMES]);
    expect(CURVE_OPTIONS[0]?.value).toBe(DEFAULT_CURVE);
    expect(DEFAULT_CURVE).toBe('secp256k1');
  });

  it('recognises curve names and nothing else', () => {
    expect(isCurveName('P-384')).toBe(true);
    expect(isCurveName('p-384')).toBe(false);
    expect(isCurveName('toString')).toBe(false);
  });
});
