import { describe, expect, it } from 'vitest';
import { Curve, KeyId, SiteShape } from './domain.ts';

describe('domain schemas', () => {
  it('key IDs follow the bundle rule', () => {
    expect(KeyId.safeParse('main_key-01').success).toBe(true);
    expect(KeyId.safeParse('').success).toBe(false);
    expect(KeyId.safeParse('a'.repeat(65)).success).toBe(false);
    expect(KeyId.safeParse('has space').success).toBe(false);
  });

  it('curves are the four the core supports', () => {
    expect(Curve.options).toEqual(['secp256k1', 'P-256', 'P-384', 'Ed25519']);
    expect(Curve.safeParse('P-521').success).toBe(false);
  });

  it('a site needs 1 ≤ t < n', () => {
    expect(SiteShape.safeParse({ n: 3, t: 1 }).success).toBe(true);
    const r = SiteShape.safeParse({ n: 3, t: 3 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['t']);
  });
});
