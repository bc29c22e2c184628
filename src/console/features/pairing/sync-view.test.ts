import { describe, expect, it } from 'vitest';
import type { KeySync } from '../../../client/key-sync.ts';
import type { NodeKey } from '../../../client/keys.ts';
import type { SyncProgress } from '../../../client/pair-transfer.ts';
import { copyText, formatSeconds, progressText, selectKeys, syncOverview } from './sync-view.ts';

const key = (keyId: string, curve = 'secp256k1') => ({ keyId, curve, publicKey: 'PK' }) as unknown as NodeKey;

describe('syncOverview', () => {
  const keys: KeySync = {
    missing: [key('a'), key('b', 'Ed25519')],
    same: ['s'],
    conflicts: [{ keyId: 'c', main: ['MAINPUBLICKEY00001111'], failover: ['FAILPUBLICKEY00002222'] }],
    partial: [{ keyId: 'h', site: 'failover', on: [1, 2], missingOn: [3] }],
  };
  it('lists missing keys to offer, and conflicts and half-held keys not to copy', () => {
    const o = syncOverview(keys, 'main', 'failover');
    expect(o.missing).toEqual([{ keyId: 'a', curve: 'secp256k1' }, { keyId: 'b', curve: 'Ed25519' }]);
    expect(o.summary).toBe('2 keys of main are not on failover yet.');
    expect(o.conflicts[0]!.text).toContain('never overwritten');
    expect(o.conflicts[0]!.text).toContain('…UBLICKEY00002222');
    expect(o.halfHeld[0]!.text).toContain('failover nodes 1, 2 but not on node 3');
  });
  it('nothing missing: says so, counting conflicts', () => {
    expect(syncOverview({ ...keys, missing: [] }, 'main', 'failover').summary).toBe('Every key of main is on failover, except 1 conflict.');
  });
});

describe('progress and outcomes', () => {
  const p: SyncProgress = { total: 5, done: 2, copied: 2, skipped: 0, conflicts: 0, failed: 0, current: 'k3', keysPerSecond: 0.4, secondsLeft: 7.5, results: [] };
  it('rate, time left and the key being copied', () => {
    expect(progressText(p)).toBe('2 of 5 keys done (2 copied) — 0.40 keys/s, about 8 s left; copying k3');
    expect(progressText({ ...p, done: 5, copied: 4, failed: 1, current: undefined, secondsLeft: 0 })).toBe('5 of 5 keys done (4 copied, 1 failed) — 0.40 keys/s, done');
    expect(formatSeconds(125)).toBe('2 min 5 s');
  });
  it('a failure names the key, the node and why', () => {
    expect(copyText({ keyId: 'k', outcome: 'failed', ms: 3, failure: { keyId: 'k', site: 'failover', node: 2, reason: 'unreachable', message: 'failover node 2 is unreachable' } })).toBe('k (failover node 2): failover node 2 is unreachable');
  });
  it('selection stays within the missing keys', () => {
    const missing = [{ keyId: 'a' }, { keyId: 'b' }];
    expect([...selectKeys(new Set(), missing, { all: true })]).toEqual(['a', 'b']);
    expect([...selectKeys(new Set(['a', 'gone']), missing, { keyId: 'b', on: true })]).toEqual(['a', 'b']);
    expect([...selectKeys(new Set(['a']), missing, { keyId: 'a', on: false })]).toEqual([]);
  });
});
