// readPairing / applyPairing against six real node contexts served over HTTP (two sites of
// three, SQLite in temp dirs): apply writes the whitelists and then the record on every
// node; a node changed between read and apply is a conflict, never overwritten, and a node
// whose whitelist change did not apply gets no record; a re-read and re-apply pairs all;
// fail-back (both ways) is a change of terms on every node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TOKENS } from '../node/test-support/node-fixture.ts';
import { applyPairing, readPairing, type AppliedChange } from './pairing-state.ts';
import { createSiteClient, type SiteClient } from './site-client.ts';
import type { Site } from './site.ts';

type TestNode = Awaited<ReturnType<typeof startTestNode>>;
const NODES = [1, 2, 3] as const;
const nodes: Record<'main' | 'failover', TestNode[]> = { main: [], failover: [] };
let main: SiteClient;
let failover: SiteClient;

async function startSite(name: 'main' | 'failover'): Promise<Site> {
  const site: Site = { name, threshold: 1, nodes: [] };
  for (const index of NODES) {
    const node = await startTestNode({ config: { site: name, index } });
    const address = await node.app.listen({ host: '127.0.0.1', port: 0 });
    nodes[name].push(node);
    site.nodes.push({ index, url: address, token: TOKENS.admin });
  }
  return site;
}

const put = async (site: 'main' | 'failover', index: number, url: string, payload: unknown) => {
  const res = await nodes[site][index - 1]!.app.inject({ method: 'PUT', url, headers: nodes[site][index - 1]!.auth('admin'), payload: payload as object });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const by = (applied: AppliedChange[], part: 'whitelist' | 'record') =>
  Object.fromEntries(applied.filter((a) => a.part === part).map((a) => [`${a.site} ${a.index}`, a.outcome]));

beforeAll(async () => {
  main = createSiteClient(await startSite('main'));
  failover = createSiteClient(await startSite('failover'));
}, 120_000);
afterAll(async () => {
  for (const node of [...nodes.main, ...nodes.failover]) await node.close();
});

describe('pairing state with records', { timeout: 60_000 }, () => {
  const clients = () => new Map([main, failover].map((c) => [c.site.name, c]));

  it('a node changed between read and apply is a conflict; a failed whitelist leaves its node unrecorded', async () => {
    const state = await readPairing(main, failover);
    expect(state.paired).toBe(false);
    expect(state.records.map((r) => [r.site, r.index, r.version, r.pairing])).toEqual([...NODES.map((i) => ['main', i, 0, null]), ...NODES.map((i) => ['failover', i, 0, null])]);
    expect(state.problems.filter((p) => p.code === 'not-recorded')).toHaveLength(6);

    // Meanwhile: main node 3's whitelist and fail-over node 2's record change.
    await put('main', 3, '/v1/export-config', { enableExport: false, whitelist: [], version: 1 });
    const someone = { site: 'failover', role: 'failover', counterpartSite: 'elsewhere', counterpartIndex: 2, counterpartFingerprint: 'ef'.repeat(32), direction: 'one-way' };
    await put('failover', 2, '/v1/pairing', { version: 0, pairing: someone });

    const applied = await applyPairing(state, clients());
    expect(by(applied, 'whitelist')).toEqual({ 'main 1': 'changed', 'main 2': 'changed', 'main 3': 'conflict' });
    expect(by(applied, 'record')).toEqual({ 'main 1': 'changed', 'main 2': 'changed', 'main 3': 'conflict', 'failover 1': 'changed', 'failover 2': 'conflict', 'failover 3': 'changed' });
    expect(applied.find((a) => a.part === 'record' && a.site === 'main' && a.index === 3)?.reason).toMatch(/not recorded: its whitelist change did not apply/);
    expect((await nodes.main[2]!.app.inject({ method: 'GET', url: '/v1/pairing', headers: nodes.main[2]!.auth('viewer') })).json()).toEqual({ version: 0, pairing: null });
    expect((await nodes.failover[1]!.app.inject({ method: 'GET', url: '/v1/pairing', headers: nodes.failover[1]!.auth('viewer') })).json().pairing.counterpartSite).toBe('elsewhere');

    const next = await readPairing(main, failover);
    expect(next.paired).toBe(false);
    expect(next.problems.filter((p) => p.code === 'not-recorded').map((p) => `${p.site} ${p.node}`)).toEqual(['main 3', 'failover 2']);
    expect(next.problems.find((p) => p.site === 'failover' && p.node === 2)?.message).toContain('counterpart site elsewhere (expected main)');

    const again = await applyPairing(next, clients());
    expect(again.filter((a) => a.outcome === 'changed').map((a) => `${a.site} ${a.index} ${a.part}`)).toEqual(['main 3 whitelist', 'main 3 record', 'failover 2 record']);
    const paired = await readPairing(main, failover);
    expect(paired.problems).toEqual([]);
    expect(paired.paired).toBe(true);
    expect(paired.records.every((r) => r.matches && r.pairing?.pairedBy === 'admin-person')).toBe(true);
  });

  it('fail-back (both ways) is another direction on every record, and the fail-over whitelists are then checked too', async () => {
    const state = await readPairing(main, failover, { bothWays: true });
    expect(state.paired).toBe(false);
    expect(state.problems.filter((p) => p.code === 'not-recorded')).toHaveLength(6);
    expect(state.problems.filter((p) => p.code === 'not-recorded').every((p) => p.message.includes('direction one-way (expected both-ways)'))).toBe(true);
    const applied = await applyPairing(state, clients());
    expect(applied.filter((a) => a.outcome !== 'changed' && a.outcome !== 'unchanged')).toEqual([]);
    const both = await readPairing(main, failover, { bothWays: true });
    expect(both.paired).toBe(true);
    expect(both.records.every((r) => r.pairing?.direction === 'both-ways')).toBe(true);

    // Export turned off on fail-over node 1: its pair and its record both say so.
    const config = (await nodes.failover[0]!.app.inject({ method: 'GET', url: '/v1/export-config', headers: nodes.failover[0]!.auth('viewer') })).json();
    await put('failover', 1, '/v1/export-config', { enableExport: false, whitelist: config.whitelist, version: config.version });
    const drift = await readPairing(main, failover, { bothWays: true });
    expect(drift.paired).toBe(false);
    expect(drift.problems.filter((p) => p.site === 'failover').map((p) => [p.node, p.code])).toEqual([
      [1, 'export-disabled'],
      [1, 'whitelist-changed'],
    ]);
  });
});
