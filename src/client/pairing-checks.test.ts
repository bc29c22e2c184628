import { describe, expect, it } from 'vitest';
import type { NodeInfo } from './info.ts';
import { NodeError } from './node-client.ts';
import type { NodeAnswer } from './site-client.ts';
import type { Site } from './site.ts';
import { buildChecks, choiceProblem, counterpartKeyChanges, type SiteInfos } from './pairing-checks.ts';

function site(name: string, n = 3, threshold = 2): Site {
  return { name, threshold, nodes: Array.from({ length: n }, (_, i) => ({ index: i + 1, url: `http://127.0.0.1:${name === 'main' ? 41 : 42}0${i + 1}`, token: 't', site: name })) };
}

function info(s: Site, index: number, over: Partial<NodeInfo> = {}): NodeInfo {
  return {
    site: s.name, index, n: s.nodes.length, t: s.threshold, version: '1', wrappingKeyFingerprint: `${s.name === 'main' ? 'a' : 'b'}${index}`.padEnd(64, '0'),
    identityKey: '', exportEnabled: true, whitelistSize: 0, whitelistWildcard: false, keyCount: 0, peers: [], you: { name: 'ops', role: 'admin' }, lastEventId: 0, ...over,
  } as NodeInfo;
}

function infos(s: Site, over: Record<number, Partial<NodeInfo> | NodeError> = {}): SiteInfos {
  return {
    site: s,
    answers: s.nodes.map((node): NodeAnswer<NodeInfo> => {
      const o = over[node.index];
      return o instanceof NodeError ? { node, ok: false, error: o } : { node, ok: true, value: info(s, node.index, o) };
    }),
  };
}

describe('choiceProblem', () => {
  it('refuses the same site twice and an empty choice', () => {
    expect(choiceProblem('main', 'main')).toContain('Site main is chosen twice');
    expect(choiceProblem('', 'failover')).toBeDefined();
    expect(choiceProblem('main', 'failover')).toBeUndefined();
  });
});

describe('buildChecks', () => {
  it('passes when every node answers with admin tokens and both sites have the same shape', () => {
    const r = buildChecks(infos(site('main')), infos(site('failover')));
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => [c.id, c.ok])).toEqual([['reachable', true], ['shape', true], ['admin', true]]);
    expect(r.fingerprints.map((f) => `${f.site}${f.index}`)).toEqual(['main1', 'main2', 'main3', 'failover1', 'failover2', 'failover3']);
  });

  it('names an unreachable node with its URL and the fix', () => {
    const r = buildChecks(infos(site('main')), infos(site('failover'), { 2: new NodeError(0, 'unreachable', 'connection refused') }));
    const reachable = r.checks.find((c) => c.id === 'reachable')!;
    expect(reachable.ok).toBe(false);
    expect(reachable.reasons).toEqual([expect.stringMatching(/^failover node 2 \(http:\/\/127\.0\.0\.1:4202\): unreachable.*Start the node/)]);
    expect(r.checks.find((c) => c.id === 'admin')!.ok).toBe(false);
    expect(r.fingerprints).toHaveLength(5);
    expect(r.ok).toBe(false);
  });

  it('refuses different n or t, naming both sites', () => {
    const r = buildChecks(infos(site('main', 3, 2)), infos(site('failover', 3, 1)));
    const shape = r.checks.find((c) => c.id === 'shape')!;
    expect(shape.ok).toBe(false);
    expect(shape.reasons[0]).toContain('Site main has n = 3, t = 2 and site failover has n = 3, t = 1');
  });

  it('names a node whose token is not admin and a node that is another node', () => {
    const r = buildChecks(infos(site('main'), { 3: { you: { name: 'alice', role: 'operator' } } }), infos(site('failover'), { 1: { index: 2 } }));
    const admin = r.checks.find((c) => c.id === 'admin')!;
    expect(admin.reasons).toEqual([expect.stringContaining('main node 3: the token (alice) has the role operator, not admin')]);
    expect(r.checks.find((c) => c.id === 'shape')!.reasons).toEqual([expect.stringContaining('failover node 1 says it is failover node 2')]);
  });
});

describe('counterpartKeyChanges', () => {
  const shown = new Map([['failover/1', 'a'.repeat(64)], ['failover/2', 'b'.repeat(64)]]);
  const rec = (index: number, fp: string) => ({ expected: { counterpartSite: 'failover', counterpartIndex: index, counterpartFingerprint: fp } });
  it('is empty while the plan uses the keys the checks showed', () => {
    expect(counterpartKeyChanges([rec(1, 'a'.repeat(64)), rec(2, 'b'.repeat(64)), rec(3, 'c'.repeat(64))], shown)).toEqual([]);
  });
  it('names a node whose key was rotated since, with both fingerprints', () => {
    const [only, ...rest] = counterpartKeyChanges([rec(2, 'd'.repeat(64)), rec(2, 'd'.repeat(64))], shown);
    expect(rest).toEqual([]);
    expect(only).toBe(`failover node 2's wrapping key changed since the checks (was ${'b'.repeat(16)}…, now ${'d'.repeat(16)}…): check again and compare the new fingerprint before applying.`);
  });
});
