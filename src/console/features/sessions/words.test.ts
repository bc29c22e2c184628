import { describe, expect, it } from 'vitest';
import { ageText, cellDescription, cellText, shownState, timeLeftText } from './words.ts';
import { view } from './test-support/session-views.ts';

describe('timeLeftText', () => {
  const at = (s: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + s * 1000).toISOString();
  const now = Date.parse('2026-01-01T00:00:00.000Z');
  it('counts whole seconds, rounded up', () => {
    expect(timeLeftText(at(0.2), now)).toBe('1 s left');
    expect(timeLeftText(at(59), now)).toBe('59 s left');
    expect(timeLeftText(at(65), now)).toBe('1 min 05 s left');
  });
  it('says when the deadline passed', () => {
    expect(timeLeftText(at(0), now)).toBe('deadline passed');
    expect(timeLeftText(at(-5), now)).toBe('deadline passed');
    expect(timeLeftText('nonsense', now)).toBe('deadline unknown');
  });
});

describe('ageText', () => {
  const created = '2026-01-01T00:00:00.000Z';
  const t = Date.parse(created);
  it('grows in units', () => {
    expect(ageText(created, t + 500)).toBe('just now');
    expect(ageText(created, t + 12_000)).toBe('12 s ago');
    expect(ageText(created, t + 180_000)).toBe('3 min ago');
    expect(ageText(created, t + 7_200_000)).toBe('2 h ago');
    expect(ageText(created, t + 3 * 86_400_000)).toBe('3 d ago');
  });
});

describe('cells', () => {
  it('shows the state or a dash, and says why', () => {
    expect(cellText({ index: 1, kind: 'view', view: view(1, { state: 'done' }) })).toBe('done');
    expect(cellText({ index: 3, kind: 'absent' })).toBe('—');
    expect(cellDescription({ index: 3, kind: 'absent' })).toBe('node 3: has not joined');
    expect(cellDescription({ index: 2, kind: 'unknown', reason: 'token refused' })).toBe('node 2: not known (token refused)');
    expect(cellDescription({ index: 3, kind: 'view', view: view(3), stale: { reason: 'timed out' } })).toBe('node 3: waiting, last known — not reachable now: timed out');
  });
});

describe('shownState', () => {
  const failed = { ...view(1), state: 'failed' as const, failure: { reason: 'timeout' as const, message: 'node 3 did not join' } };
  it("shows a node's own report", () => {
    expect(shownState({ index: 1, kind: 'view', view: failed }, 'failed')).toEqual({ state: 'failed', reason: 'timeout' });
    expect(shownState({ index: 1, kind: 'view', view: view(1) }, 'waiting')).toEqual({ state: 'waiting' });
  });
  it('shows a node that cannot report as failed, with why, once the session failed', () => {
    expect(shownState({ index: 3, kind: 'view', view: view(3), stale: { reason: 'unreachable' } }, 'failed')).toEqual({ state: 'failed', reason: 'not reachable: unreachable' });
    expect(shownState({ index: 3, kind: 'unknown', reason: 'timed out' }, 'failed')).toEqual({ state: 'failed', reason: 'not reachable: timed out' });
    expect(shownState({ index: 3, kind: 'absent' }, 'failed')).toEqual({ state: 'failed', reason: 'does not know the session (restarted, or never joined)' });
  });
  it('keeps a stale last state, marked, while the session is still open', () => {
    expect(shownState({ index: 3, kind: 'view', view: view(3), stale: { reason: 'x' } }, 'waiting')).toEqual({ state: 'waiting', reason: 'last known; not reachable' });
    expect(shownState({ index: 3, kind: 'absent' }, 'waiting')).toEqual({ state: undefined });
  });
});
