import { describe, expect, it } from 'vitest';
import type { PairingRecord } from '../../../protocol/pairing.ts';
import type { PairingProblem } from '../../../client/pairing-state.ts';
import { carryOver, findPairings, healthView, type FoundPairing } from './pairing-health.ts';
import { affectsPairing } from './pairing-monitor.ts';

const FP = 'a'.repeat(64);
const record = (role: 'main' | 'failover', site: string, counterpartSite: string, index: number, direction: 'one-way' | 'both-ways' = 'one-way'): PairingRecord => ({
  site,
  role,
  counterpartSite,
  counterpartIndex: index,
  counterpartFingerprint: FP,
  direction,
  pairedBy: 'admin',
  pairedAt: '2026-12-01T00:00:00.000Z',
});

const pairing: FoundPairing = { id: 'main→failover', main: 'main', failover: 'failover', direction: 'one-way', connected: { main: true, failover: true } };

describe('findPairings', () => {
  it('finds one pairing recorded on both sides, once, with who is connected', () => {
    const found = findPairings([
      { site: 'failover', nodes: [1, 2].map((i) => ({ index: i, pairing: record('failover', 'failover', 'main', i) })) },
      { site: 'main', nodes: [{ index: 1, pairing: undefined }, { index: 2, pairing: record('main', 'main', 'failover', 2) }] },
    ]);
    expect(found).toEqual([{ id: 'main→failover', main: 'main', failover: 'failover', direction: 'one-way', connected: { main: true, failover: true } }]);
  });

  it('names a counterpart that is not connected, and finds nothing where no node records a pairing', () => {
    expect(findPairings([{ site: 'main', nodes: [{ index: 1, pairing: record('main', 'main', 'dr', 1, 'both-ways') }] }])).toEqual([
      { id: 'main→dr', main: 'main', failover: 'dr', direction: 'both-ways', connected: { main: true, failover: false } },
    ]);
    expect(findPairings([{ site: 'main', nodes: [{ index: 1, pairing: null }, { index: 2, pairing: undefined }] }])).toEqual([]);
  });
});

describe('healthView', () => {
  const indices = [1, 2, 3];

  it('never calls a node paired while the check is pending or failed', () => {
    for (const check of [{ kind: 'pending' } as const, { kind: 'failed', reason: 'failover node 2 (http://x) is unreachable: ECONNREFUSED' } as const]) {
      const view = healthView(pairing, check, indices);
      expect(view.nodes).toHaveLength(6);
      expect(view.nodes.some((n) => n.state === 'paired' || /paired/i.test(n.text))).toBe(false);
      expect(view.headline).not.toMatch(/is paired/);
    }
    const failed = healthView(pairing, { kind: 'failed', reason: 'failover node 2 (http://x) is unreachable: ECONNREFUSED' }, indices);
    expect(failed.tone).toBe('alarm');
    expect(failed.detail).toContain('failover node 2');
  });

  it('says paired (one way / both ways) with no alarm when the check found nothing', () => {
    const view = healthView(pairing, { kind: 'both', paired: true, problems: [], keysMissing: 0, conflicts: 0 }, indices);
    expect(view).toMatchObject({ tone: 'ok', headline: 'main is paired with failover (one way)', alarms: [] });
    expect(view.nodes.every((n) => n.state === 'paired')).toBe(true);
    expect(healthView({ ...pairing, direction: 'both-ways' }, { kind: 'both', paired: true, problems: [], keysMissing: 0, conflicts: 0 }, indices).headline).toBe(
      'main is paired with failover (both ways)',
    );
  });

  it('raises one alarm per problem naming its node, and marks only that node', () => {
    const problems: PairingProblem[] = [
      { node: null, site: null, code: 'keys-missing', message: '2 key(s) on main are not on failover yet: a, b' },
      { node: 1, site: 'main', code: 'missing', message: 'main node 1: its whitelist does not hold failover node 1’s wrapping key' },
      { node: 1, site: 'main', code: 'counterpart-rotated', message: 'main node 1: failover node 1 rotated its wrapping key to 0123…' },
    ];
    const view = healthView(pairing, { kind: 'both', paired: false, problems, keysMissing: 2, conflicts: 0 }, indices);
    expect(view.tone).toBe('alarm');
    expect(view.headline).toBe('main is not paired with failover');
    expect(view.alarms.map((a) => [a.where, a.title])).toEqual([
      ['main node 1', 'Drift: counterpart rotated its wrapping key'],
      ['main node 1', 'Counterpart key missing'],
      ['keys', 'Keys not yet on fail-over'],
    ]);
    expect(view.alarms[0]!.message).toBe('failover node 1 rotated its wrapping key to 0123…');
    expect(view.keysMissing).toBe(2);
    const main1 = view.nodes.find((n) => n.site === 'main' && n.index === 1)!;
    expect(main1).toMatchObject({ state: 'problem', text: 'Drift: counterpart rotated its wrapping key; Counterpart key missing' });
    expect(view.nodes.filter((n) => n.state === 'paired')).toHaveLength(5);
  });

  it('a keys-only problem keeps the pairing paired but is an alarm', () => {
    const view = healthView(pairing, { kind: 'both', paired: true, problems: [{ node: null, site: null, code: 'key-conflict', message: 'key k has another public key' }], keysMissing: 0, conflicts: 1 }, indices);
    expect(view.headline).toBe('main is paired with failover (one way)');
    expect(view.tone).toBe('alarm');
    expect(view.alarms).toHaveLength(1);
  });

  it('alone: says the counterpart is not connected, checks only the connected site, never says paired', () => {
    const alone = { ...pairing, connected: { main: true, failover: false } };
    const ok = healthView(alone, { kind: 'alone', site: 'main', problems: [] }, indices);
    expect(ok.tone).toBe('partial');
    expect(ok.headline).toBe('main records a pairing with failover (one way); failover is not connected in this console');
    expect(ok.nodes.filter((n) => n.site === 'main').every((n) => n.state === 'matches-record')).toBe(true);
    expect(ok.nodes.filter((n) => n.site === 'failover').every((n) => n.state === 'not-checked' && n.text.includes('failover is not connected'))).toBe(true);
    expect(ok.nodes.some((n) => n.state === 'paired')).toBe(false);

    const bad = healthView(alone, { kind: 'alone', site: 'main', problems: [{ node: 2, site: 'main', code: 'whitelist-changed', message: 'main node 2: the whitelist is "*"' }] }, indices);
    expect(bad.tone).toBe('alarm');
    expect(bad.alarms).toEqual([{ where: 'main node 2', code: 'whitelist-changed', title: 'Whitelist changed', message: 'the whitelist is "*"' }]);
  });
});

describe('affectsPairing', () => {
  const sse = (type: string, data: unknown) => ({ type, data: JSON.stringify({ id: 4, at: '2026-12-01T00:00:00.000Z', type, data }), lastEventId: '4' });
  it('re-reads on record, whitelist, wrapping-key and key events and on a finished session only', () => {
    expect(affectsPairing(sse('wrapping-key.rotated', { previous: FP, fingerprint: 'b'.repeat(64) }))).toBe(true);
    expect(affectsPairing(sse('pairing.changed', { version: 2, pairing: null, by: 'admin' }))).toBe(true);
    expect(affectsPairing(sse('export-config.changed', { version: 2, enableExport: true, added: [], removed: [], by: 'admin' }))).toBe(true);
    expect(affectsPairing(sse('key.deleted', { keyId: 'k1' }))).toBe(true);
    const session = { sessionId: 'g9FCVNSpzIhwcY4heznhjA', kind: 'keygen', node: 1, site: 'main', joined: [1], keyId: 'k1' };
    expect(affectsPairing(sse('session.updated', { ...session, state: 'running' }))).toBe(false);
    expect(affectsPairing(sse('session.updated', { ...session, state: 'done' }))).toBe(true);
    expect(affectsPairing({ type: 'message', data: 'not json', lastEventId: '' })).toBe(false);
  });
});

describe('carryOver', () => {
  const gone: FoundPairing = { ...pairing, id: 'main→dr', failover: 'dr', connected: { main: true, failover: false } };
  it('keeps a pairing whose site could not be read, drops one every node read and none records', () => {
    const unread = [{ site: 'main', nodes: [{ index: 1, pairing: undefined }, { index: 2, pairing: null }] }];
    expect(carryOver([gone], [], unread)).toEqual([gone]);
    const read = [{ site: 'main', nodes: [{ index: 1, pairing: null }, { index: 2, pairing: null }] }];
    expect(carryOver([gone], [], read)).toEqual([]);
    // Found again: once, as found now.
    expect(carryOver([gone], [gone], unread)).toEqual([gone]);
    // Its site disconnected: gone.
    expect(carryOver([gone], [], [{ site: 'other', nodes: [{ index: 1, pairing: undefined }] }])).toEqual([]);
  });
});
