import { describe, expect, it } from 'vitest';
import { compareSiteKeys, type SiteKeys } from './key-sync.ts';
import type { NodeKey } from './keys.ts';

const key = (keyId: string, publicKey: string): NodeKey => ({ keyId, curve: 'secp256k1', publicKey, chainCode: false, createdAt: '', origin: 'keygen session x' });
const site = (...nodes: NodeKey[][]): SiteKeys => ({ nodes: nodes.map((keys, i) => ({ index: i + 1, keys })) });

describe('compareSiteKeys', () => {
  it('finds the keys fail-over lacks and the keys both hold', () => {
    const a = key('a', 'PA');
    const b = key('b', 'PB');
    const sync = compareSiteKeys(site([a, b], [a, b], [a, b]), site([a], [a], [a]));
    expect(sync.same).toEqual(['a']);
    expect(sync.missing.map((k) => k.keyId)).toEqual(['b']);
    expect(sync.conflicts).toEqual([]);
    expect(sync.partial).toEqual([]);
  });

  it('reports the same key ID with another public key as a conflict, never as missing or same', () => {
    const sync = compareSiteKeys(site([key('k', 'P1')], [key('k', 'P1')]), site([key('k', 'P2')], [key('k', 'P2')]));
    expect(sync.conflicts).toEqual([{ keyId: 'k', main: ['P1'], failover: ['P2'] }]);
    expect(sync.missing).toEqual([]);
    expect(sync.same).toEqual([]);
  });

  it('names a key some nodes of a site hold and others not, and does not copy it', () => {
    const k = key('k', 'P');
    const fromMain = compareSiteKeys(site([k], [], [k]), site([], [], []));
    expect(fromMain.partial).toEqual([{ keyId: 'k', site: 'main', on: [1, 3], missingOn: [2] }]);
    expect(fromMain.missing).toEqual([]);
    // Half-stored on fail-over (a sync interrupted mid-import): not "missing", not "same".
    const resumed = compareSiteKeys(site([k], [k], [k]), site([k], [], []));
    expect(resumed.partial).toEqual([{ keyId: 'k', site: 'failover', on: [1], missingOn: [2, 3] }]);
    expect(resumed.missing).toEqual([]);
    expect(resumed.same).toEqual([]);
  });
});
