import { describe, expect, it } from 'vitest';
import { entryWarnings, originsByFingerprint, type KnownKey } from './origins.ts';

describe('key origins', () => {
  it('names nodes and browser keys by fingerprint', () => {
    const keys: KnownKey[] = [
      { fingerprint: 'aa', spki: 'A', bits: 3072, source: { kind: 'node', site: 'failover', index: 2, status: 'active' } },
      { fingerprint: 'bb', spki: 'B', bits: 3072, source: { kind: 'node', site: 'main', index: 1, status: 'previous' } },
      { fingerprint: 'aa', spki: 'A', bits: 3072, source: { kind: 'browser', label: 'ops laptop' } },
    ];
    const map = originsByFingerprint(keys);
    expect(map.get('aa')).toEqual(['Node 2 of site failover', 'Browser wrapping key “ops laptop”']);
    expect(map.get('bb')).toEqual(['Node 1 of site main (its previous wrapping key)']);
    expect(map.get('cc')).toBeUndefined();
  });
  it('warns about the wildcard and keys below 3072 bits', () => {
    expect(entryWarnings({ key: '*' })[0]).toMatch(/^Wildcard/);
    expect(entryWarnings({ key: 'K', fingerprint: 'f', rsaBits: 2048 })).toEqual(['RSA-2048: below the recommended 3072 bits.']);
    expect(entryWarnings({ key: 'K', fingerprint: 'f', rsaBits: 3072 })).toEqual([]);
  });
});
