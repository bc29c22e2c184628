import { describe, expect, it } from 'vitest';
import type { PairingRecord } from '../../../protocol/pairing.ts';
import type { KnownKey } from './origins.ts';
import { pairingVerdict, type NodePairing } from './pairing-warnings.ts';

const fp = (c: string) => c.repeat(64);
const record = (role: 'main' | 'failover', direction: 'one-way' | 'both-ways' = 'one-way'): PairingRecord => ({
  site: role === 'main' ? 'main' : 'failover',
  role,
  counterpartSite: role === 'main' ? 'failover' : 'main',
  counterpartIndex: 1,
  counterpartFingerprint: fp('1'),
  direction,
  pairedBy: 'admin',
  pairedAt: '2026-12-01T00:00:00.000Z',
});
const nodeKey = (site: string, index: number, fingerprint: string, status: 'active' | 'previous' = 'active'): KnownKey => ({
  fingerprint,
  spki: 'AAAA',
  bits: 3072,
  source: { kind: 'node', site, index, status },
});
const known = [nodeKey('failover', 1, fp('2')), nodeKey('failover', 1, fp('1'), 'previous'), nodeKey('failover', 3, fp('3')), nodeKey('main', 2, fp('4')), { fingerprint: fp('5'), spki: 'A', bits: 3072, source: { kind: 'browser', label: 'laptop' } } as KnownKey];
const main1: NodePairing = { index: 1, record: record('main'), counterpartConnected: true };

describe('pairingVerdict, counterpart connected', () => {
  it("accepts the counterpart's current key", () => {
    expect(pairingVerdict(main1, fp('2'), known)).toEqual({ kind: 'counterpart', warn: false, text: "Node 1's counterpart on failover: fail-over node 1's current wrapping key." });
  });

  it("names another fail-over node's key a cross-index entry", () => {
    const v = pairingVerdict(main1, fp('3'), known)!;
    expect(v.kind).toBe('cross-index');
    expect(v.warn).toBe(true);
    expect(v.text).toMatch(/^Fail-over node 3's key — a cross-index entry/);
    expect(v.text).toContain("Not node 1's counterpart on failover");
  });

  it("warns on the counterpart's earlier key, the wildcard, and any key outside the pairing", () => {
    expect(pairingVerdict(main1, fp('1'), known)).toMatchObject({ kind: 'counterpart-earlier', warn: true });
    expect(pairingVerdict(main1, '*', known)).toMatchObject({ kind: 'wildcard', warn: true });
    for (const other of [fp('4'), fp('5'), fp('9')]) {
      expect(pairingVerdict(main1, other, known)).toEqual({ kind: 'not-counterpart', warn: true, text: "Not node 1's counterpart on failover: the pairing admits only fail-over node 1's key." });
    }
  });
});

describe('pairingVerdict, counterpart not connected', () => {
  const alone: NodePairing = { ...main1, counterpartConnected: false };
  it('uses the recorded fingerprint', () => {
    expect(pairingVerdict(alone, fp('1'), known)).toMatchObject({ kind: 'counterpart-recorded', warn: false });
    const other = pairingVerdict(alone, fp('3'), known)!;
    expect(other).toMatchObject({ kind: 'not-counterpart', warn: true });
    expect(other.text).toContain('recorded fingerprint 1111111111111111…');
  });
});

describe('pairingVerdict, fail-over side', () => {
  it('one way: its whitelist is its own, only a cross-index entry is named', () => {
    const failover1: NodePairing = { index: 1, record: record('failover'), counterpartConnected: true };
    const withMain = [...known, nodeKey('main', 1, fp('6'))];
    expect(pairingVerdict(failover1, fp('5'), withMain)).toBeUndefined();
    expect(pairingVerdict(failover1, '*', withMain)).toBeUndefined();
    expect(pairingVerdict(failover1, fp('4'), withMain)).toMatchObject({ kind: 'cross-index', text: expect.stringMatching(/^Main node 2's key — a cross-index entry/) });
  });
  it('both ways: the pairing governs it as it does main', () => {
    const failover1: NodePairing = { index: 1, record: record('failover', 'both-ways'), counterpartConnected: true };
    expect(pairingVerdict(failover1, fp('6'), [nodeKey('main', 1, fp('6'))])).toMatchObject({ kind: 'counterpart', warn: false });
    expect(pairingVerdict(failover1, fp('5'), known)).toMatchObject({ kind: 'not-counterpart', warn: true });
  });
});
