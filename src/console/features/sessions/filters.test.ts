import { describe, expect, it } from 'vitest';
import { filterSessions, hasFilters, parseSessionFilters } from './filters.ts';
import type { MergedSession } from './merge.ts';

describe('parseSessionFilters', () => {
  it('keeps valid values', () => {
    expect(parseSessionFilters({ site: 'main', kind: 'keygen', state: 'done', key: 'k1' })).toEqual({ site: 'main', kind: 'keygen', state: 'done', key: 'k1' });
  });
  it('drops bad values to "all" without throwing', () => {
    expect(parseSessionFilters({ kind: 'steal', state: 42, site: '', key: 'x'.repeat(65) })).toEqual({});
    expect(parseSessionFilters({ kind: ['keygen'], state: { a: 1 } })).toEqual({});
    expect(parseSessionFilters(null as unknown as Record<string, unknown>)).toEqual({});
  });
  it('ignores unknown params', () => {
    expect(parseSessionFilters({ foo: 'bar', state: 'waiting' })).toEqual({ state: 'waiting' });
  });
});

describe('filterSessions', () => {
  const s = (site: string, kind: MergedSession['kind'], state: MergedSession['state'], keyId?: string) =>
    ({ sessionId: `${site}${kind}${state}`, site, kind, state, keyId, createdAt: '', updatedAt: '', cells: [] }) as MergedSession;
  const all = [s('main', 'keygen', 'done', 'Treasury-1'), s('main', 'export', 'failed', 'cold-2'), s('failover', 'keygen', 'waiting')];
  it('returns everything without filters', () => {
    expect(filterSessions(all, {})).toHaveLength(3);
    expect(hasFilters({})).toBe(false);
  });
  it('matches site, kind and state exactly', () => {
    expect(filterSessions(all, { site: 'main', kind: 'keygen' }).map((x) => x.keyId)).toEqual(['Treasury-1']);
    expect(filterSessions(all, { state: 'waiting' }).map((x) => x.site)).toEqual(['failover']);
  });
  it('matches part of the key ID ignoring case; no key ID never matches', () => {
    expect(filterSessions(all, { key: 'treas' }).map((x) => x.keyId)).toEqual(['Treasury-1']);
    expect(filterSessions(all, { key: 'zzz' })).toEqual([]);
  });
});
