// The sync's plan and progress, pure: which keys are copied, skipped or conflicts from the
// sites' key lists, the rate and time left from the keys done so far, and the sync's
// loop over two stand-in sites (a failed key, an abort). Copying over real nodes is
// tested in src/cli/pair-sync.test.ts.
import { describe, expect, it } from 'vitest';
import { canaryKeyId } from './canary.ts';
import type { NodeKey } from './keys.ts';
import { NodeError } from './node-client.ts';
import { copyKey, syncKeys, syncPlanOf, syncProgress, type KeyCopy, type SyncPlan, type SyncProgress } from './pair-transfer.ts';
import { createSiteClient, type NodeApis, type SiteClient } from './site-client.ts';
import type { SiteNode } from './site.ts';
import { KEY_ID_PATTERN } from '../crypto/names.ts';

const key = (keyId: string, publicKey: string): NodeKey => ({ keyId, curve: 'P-256', publicKey, chainCode: false, createdAt: '2025-01-01T00:00:00Z', origin: 'keygen' });

/**
 * A site whose node i holds `perNode[i - 1]`, behind the real site client over stand-in key
 * APIs (an empty session API: a test that reached a session would fail); `unreachable` is a node
 * whose key reads and wrapping key fail as a refused connection.
 */
function standInSite(name: string, perNode: NodeKey[][], unreachable?: number): SiteClient {
  const nodes = perNode.map((_, i) => ({ index: i + 1, url: `http://${name}-${i + 1}.test`, token: 't', site: name }));
  const refused = (node: SiteNode) => new NodeError(0, 'unreachable', 'not reachable', undefined, undefined, 'ECONNREFUSED', node);
  const apis = {
    sessions: {},
    exportConfig: {
      wrappingKeys: async (node: SiteNode) => {
        if (node.index === unreachable) throw refused(node);
        return { spki: `SPKI-${name}-${node.index}`, fingerprint: `fp-${name}-${node.index}` };
      },
    },
    keys: {
      list: async (node: SiteNode) => perNode[node.index - 1]!,
      get: async (node: SiteNode, keyId: string) => {
        if (node.index === unreachable) throw refused(node);
        const k = perNode[node.index - 1]!.find((x) => x.keyId === keyId);
        if (!k) throw new NodeError(404, 'not-found', `no key ${keyId}`);
        return k;
      },
    },
  } as unknown as NodeApis;
  return createSiteClient({ name, threshold: 1, nodes }, apis);
}

describe('syncPlanOf', () => {
  it("keeps migrate's order and actions; a conflict keeps its sentence, a refusal is not a conflict", () => {
    const plan = syncPlanOf([
      { keyId: 'a', action: 'copy', sourceNodes: [1, 2] },
      { keyId: 'b', action: 'skip', reason: 'already-present', message: 'key b is already on every node of dr', sourceNodes: [1, 2] },
      { keyId: 'c', action: 'conflict', reason: 'conflict', message: 'key ID c names different keys', sourceNodes: [1, 2] },
      { keyId: 'd', action: 'refuse', reason: 'half-held', message: 'key d is half-held on main', sourceNodes: [1] },
    ]);
    expect(plan.keys).toEqual([
      { keyId: 'a', action: 'copy' },
      { keyId: 'b', action: 'skip' },
      { keyId: 'c', action: 'conflict', conflictMessage: 'key ID c names different keys' },
      { keyId: 'd', action: 'refuse' },
    ]);
  });
});

describe('syncProgress', () => {
  const plan: SyncPlan = { keys: [{ keyId: 'a', action: 'copy' }, { keyId: 'b', action: 'skip' }, { keyId: 'c', action: 'copy' }, { keyId: 'd', action: 'copy' }] };
  const copied = (keyId: string, ms: number): KeyCopy => ({ keyId, outcome: 'copied', ms });

  it('before any key: nothing done, no estimate yet', () => {
    expect(syncProgress(plan, [], 0, 'a')).toEqual({ total: 4, done: 0, copied: 0, skipped: 0, conflicts: 0, failed: 0, current: 'a', keysPerSecond: 0, secondsLeft: undefined, results: [] });
  });

  it('rate from the keys done; time left from the copies still to do at the mean copy time (skips cost nothing)', () => {
    const results: KeyCopy[] = [copied('a', 2000), { keyId: 'b', outcome: 'skipped', ms: 3 }];
    const p = syncProgress(plan, results, 2000, 'c');
    expect(p).toMatchObject({ done: 2, copied: 1, skipped: 1, keysPerSecond: 1, secondsLeft: 4, current: 'c' });
    const failed: KeyCopy = { keyId: 'c', outcome: 'failed', ms: 1000, failure: { keyId: 'c', site: 'dr', node: 2, reason: 'unreachable', message: 'x' } };
    expect(syncProgress(plan, [...results, failed], 3000)).toMatchObject({ done: 3, failed: 1, secondsLeft: 1.5, current: undefined });
  });

  it('nothing left to copy: 0 s left', () => {
    expect(syncProgress({ keys: [{ keyId: 'b', action: 'skip' }] }, [{ keyId: 'b', outcome: 'skipped', ms: 1 }], 10).secondsLeft).toBe(0);
  });
});

describe('canaryKeyId', () => {
  it('is a key ID, starts with canary-, and differs each time', () => {
    const ids = new Set(Array.from({ length: 50 }, canaryKeyId));
    expect(ids.size).toBe(50);
    for (const id of ids) {
      expect(id).toMatch(/^canary-/);
      expect(id).toMatch(KEY_ID_PATTERN);
    }
  });
});

describe('syncKeys over stand-in sites (the fail-over wrapping keys cannot be read)', () => {
  // Main holds a, b, c; fail-over holds b already. Fail-over node 2's wrapping key cannot
  // be read, so nothing can be copied: b is skipped, a and c fail naming the node.
  const mainKeys = [key('a', 'PA'), key('b', 'PB'), key('c', 'PC')];
  const standIn = (name: 'main' | 'dr'): SiteClient =>
    name === 'main' ? standInSite('main', [mainKeys, mainKeys]) : standInSite('dr', [[key('b', 'PB')], [key('b', 'PB')]], 2);

  it('the keys already there are skipped, the others fail naming the node; progress after every key; the end lists every key in order', async () => {
    const seen: SyncProgress[] = [];
    const p = await syncKeys(standIn('main'), standIn('dr'), { onProgress: (x) => seen.push(x) });
    expect(p.results.map((r) => [r.keyId, r.outcome])).toEqual([
      ['a', 'failed'],
      ['b', 'skipped'],
      ['c', 'failed'],
    ]);
    expect(p.results[0]!.failure).toMatchObject({ keyId: 'a', site: 'dr', node: 2, reason: 'unreachable' });
    expect(p.results[0]!.failure!.message).toContain('dr node 2 (http://dr-2.test) is unreachable: ECONNREFUSED');
    expect(p).toMatchObject({ total: 3, done: 3, failed: 2, skipped: 1, current: undefined });
    expect(seen.filter((x) => x.current === undefined).map((x) => x.done)).toEqual([1, 2, 3]);
    expect(seen.filter((x) => x.current !== undefined).map((x) => x.current)).toEqual(['b', 'a', 'c']);
  });
});

describe('copyKey refuses before any session, reading both sites', () => {
  const siteOf = (name: string, perNode: NodeKey[][]): SiteClient => standInSite(name, perNode);
  const main = siteOf('main', [[key('a', 'PA')], [key('a', 'PA')]]);

  it('the same key on every fail-over node: skipped', async () => {
    expect(await copyKey(main, siteOf('dr', [[key('a', 'PA')], [key('a', 'PA')]]), 'a')).toMatchObject({ outcome: 'skipped' });
  });

  it('another key under the ID on a fail-over node: conflict naming the node, nothing run', async () => {
    const c = await copyKey(main, siteOf('dr', [[], [key('a', 'OTHER-KEY')]]), 'a');
    expect(c).toMatchObject({ outcome: 'conflict', failure: { site: 'dr', node: 2, reason: 'conflict' } });
    expect(c.failure!.message).toContain('never overwritten');
  });

  it('half-held on fail-over: failed, naming who holds it and who does not', async () => {
    const c = await copyKey(main, siteOf('dr', [[key('a', 'PA')], []]), 'a');
    expect(c).toMatchObject({ outcome: 'failed', failure: { site: 'dr', node: 2, reason: 'half-held' } });
    expect(c.failure!.message).toContain('node 1 hold it, node 2 does not; nothing is imported over it');
  });

  it('main must hold it on every node with one public key', async () => {
    const empty = siteOf('dr', [[], []]);
    expect((await copyKey(siteOf('main', [[key('a', 'PA')], []]), empty, 'a')).failure).toMatchObject({ site: 'main', node: 2, reason: 'half-held' });
    expect((await copyKey(siteOf('main', [[key('a', 'PA')], [key('a', 'PB')]]), empty, 'a')).failure).toMatchObject({ site: 'main', reason: 'main-disagrees' });
    expect((await copyKey(main, empty, 'zz')).failure).toMatchObject({ site: 'main', node: null, reason: 'not-on-main' });
  });
});
