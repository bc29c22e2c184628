import { describe, expect, it } from 'vitest';
import type { PairingRecord } from '../protocol/pairing.ts';
import { expectedTerms, nodeRecord, recordProblems } from './pairing-drift.ts';

const OLD = 'a1'.repeat(32);
const NEW = 'b2'.repeat(32);
const OTHER = 'c3'.repeat(32);

const record = (over: Partial<PairingRecord> = {}): PairingRecord => ({
  ...expectedTerms('main', 'main', 'failover', 1, OLD, 'one-way'),
  pairedBy: 'admin',
  pairedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const whitelist = (fingerprints: string[], enableExport = true) => ({
  enableExport,
  whitelist: fingerprints.map((f) => (f === '*' ? '*' : `spki-of-${f}`)),
  entries: fingerprints.map((f) => (f === '*' ? { key: '*' } : { key: `spki-of-${f}`, fingerprint: f })),
});
/** Main node 1, whose counterpart (fail-over node 1) holds `current` now. */
const mainNode = (pairing: PairingRecord | null, current = OLD, direction: 'one-way' | 'both-ways' = 'one-way') =>
  nodeRecord('main', 1, { pairing, version: pairing ? 1 : 0 }, expectedTerms('main', 'main', 'failover', 1, current, direction));
const codes = (ps: { code: string }[]) => ps.map((p) => p.code);

describe('pairing records: drift', () => {
  it('a matching record and whitelist: no problem', () => {
    const r = mainNode(record());
    expect(r.matches).toBe(true);
    expect(recordProblems({ record: r, whitelist: whitelist([OLD]) })).toEqual([]);
  });

  it('not-recorded: no record, or one naming another counterpart site, role or direction', () => {
    const none = recordProblems({ record: mainNode(null), whitelist: whitelist([OLD]) });
    expect(none).toEqual([{ node: 1, site: 'main', code: 'not-recorded', message: expect.stringContaining('main node 1: holds no pairing record') }]);
    const site = recordProblems({ record: mainNode(record({ counterpartSite: 'dr' })), whitelist: whitelist([OLD]) });
    expect(codes(site)).toEqual(['not-recorded']);
    expect(site[0]!.message).toContain('counterpart site dr (expected failover)');
    expect(recordProblems({ record: mainNode(record({ role: 'failover' })) })[0]!.message).toContain('role failover (expected main)');
    const direction = mainNode(record(), OLD, 'both-ways');
    expect(direction.matches).toBe(false);
    expect(recordProblems({ record: direction, whitelist: whitelist([OLD]) })[0]).toMatchObject({ code: 'not-recorded', message: expect.stringContaining('direction one-way (expected both-ways)') });
  });

  it('counterpart-rotated: the counterpart has a new key, the record and whitelist still name the old one — both fingerprints named', () => {
    const r = mainNode(record(), NEW);
    expect(r.matches).toBe(false);
    const problems = recordProblems({ record: r, whitelist: whitelist([OLD]) });
    expect(codes(problems)).toEqual(['counterpart-rotated']);
    expect(problems[0]!.message).toContain('main node 1');
    expect(problems[0]!.message).toContain('failover node 1');
    expect(problems[0]!.message).toContain(NEW.slice(0, 16));
    expect(problems[0]!.message).toContain(OLD.slice(0, 16));
    expect(problems[0]!.message).not.toContain(OLD.slice(0, 17));
  });

  it('whitelist-changed: another key, the wildcard, export off — or the new key listed while the record names the old', () => {
    expect(recordProblems({ record: mainNode(record()), whitelist: whitelist([OLD, OTHER]) })).toEqual([
      { node: 1, site: 'main', code: 'whitelist-changed', message: expect.stringContaining(`1 other key(s) (${OTHER.slice(0, 16)}…)`) },
    ]);
    expect(recordProblems({ record: mainNode(record()), whitelist: whitelist(['*']) })[0]!.message).toContain('"*"');
    expect(recordProblems({ record: mainNode(record()), whitelist: whitelist([OLD], false) })[0]!.message).toContain('EnableExport is off');
    const byHand = recordProblems({ record: mainNode(record(), NEW), whitelist: whitelist([NEW]) });
    expect(codes(byHand)).toEqual(['whitelist-changed']);
    expect(byHand[0]!.message).toContain(`no longer holds the recorded key ${OLD.slice(0, 16)}`);
  });

  it('a rotation with extra entries reports both', () => {
    expect(codes(recordProblems({ record: mainNode(record(), NEW), whitelist: whitelist([OLD, OTHER]) }))).toEqual(['counterpart-rotated', 'whitelist-changed']);
  });

  it('a node whose whitelist the pairing does not govern (fail-over, one way): only its record is checked', () => {
    const failoverRecord = { ...record(), ...expectedTerms('failover', 'failover', 'main', 2, OLD, 'one-way') };
    const same = nodeRecord('failover', 2, { pairing: failoverRecord, version: 3 }, expectedTerms('failover', 'failover', 'main', 2, OLD, 'one-way'));
    expect(recordProblems({ record: same })).toEqual([]);
    const rotated = nodeRecord('failover', 2, { pairing: failoverRecord, version: 3 }, expectedTerms('failover', 'failover', 'main', 2, NEW, 'one-way'));
    expect(recordProblems({ record: rotated })).toEqual([{ node: 2, site: 'failover', code: 'counterpart-rotated', message: expect.stringContaining('main node 2') }]);
  });
});
