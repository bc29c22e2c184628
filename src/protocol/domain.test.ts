import { describe, expect, it } from 'vitest';
import { Curve, KeyId } from './domain.ts';
import { SiteProfile } from './site-profile.ts';

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
    // The rule lives in the site profile (the unused SiteShape schema that repeated it is gone).
    const site = (threshold: number) => ({ site: 'main', threshold, nodes: [1, 2, 3].map((index) => ({ index, url: `http://127.0.0.1:410${index}`, token: 't' })) });
    expect(SiteProfile.safeParse(site(1)).success).toBe(true);
    const r = SiteProfile.safeParse(site(3));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['threshold']);
    expect(SiteProfile.safeParse(site(0)).success).toBe(false);
  });
});
