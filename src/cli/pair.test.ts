// keyferry pair plan / apply / status against a real cluster (sites main and failover):
// a cross-index entry is named, apply pairs every main node i with exactly fail-over node
// i's key and records the pairing on all six nodes (and in their TOML), status --json
// reports a counterpart's rotated wrapping key until a re-apply fixes it, keys missing on
// fail-over and key ID conflicts, and the nodes themselves refuse a cross-index export
// once paired.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../node/test-support/cluster-fixture.ts';
import { runKeyferry, type CliRun } from './test-support/run-cli.ts';

const NODES = [1, 2, 3] as const;
let cluster: TestCluster;
const keyferry = (args: string[]): Promise<CliRun> => runKeyferry(args, cluster.home);
const pair = (sub: string, ...more: string[]) => keyferry(['pair', sub, '--main', 'main', '--failover', 'failover', ...more]);
const failoverKeys: string[] = [];

interface Problem { node: number | null; site: string | null; code: string; message: string }
interface Applied { site: string; index: number; part: 'whitelist' | 'record'; outcome: string }
const outcomes = (applied: Applied[], part: Applied['part']) => applied.filter((a) => a.part === part).map((a) => `${a.site} ${a.index} ${a.outcome}`);

async function fingerprintOf(site: 'main' | 'failover', index: number): Promise<string> {
  return (await cluster.api(site, index, 'GET', '/v1/wrapping-key')).json.fingerprint as string;
}

async function exportConfig(index: number) {
  const r = await cluster.api('main', index, 'GET', '/v1/export-config');
  expect(r.status).toBe(200);
  return r.json as { enableExport: boolean; whitelist: string[]; version: number };
}

beforeAll(async () => {
  cluster = await startTestCluster();
  for (const i of NODES) failoverKeys.push((await cluster.api('failover', i, 'GET', '/v1/wrapping-key')).json.spki as string);
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

describe('keyferry pair against a real cluster', { timeout: 240_000 }, () => {
  it('changes nothing when a node of either site does not take the token', async () => {
    const profile = structuredClone(cluster.profile('failover'));
    profile.nodes[1]!.token = 'not-this-nodes-token';
    const file = join(cluster.home, 'failover-bad-token.json');
    writeFileSync(file, JSON.stringify(profile), { mode: 0o600 });
    const before = await exportConfig(1);
    const run = await keyferry(['pair', 'apply', '--main', 'main', '--failover', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/nothing was changed: .*failover node 2/);
    expect((await exportConfig(1)).version).toBe(before.version);
    expect((await cluster.api('main', 1, 'GET', '/v1/pairing')).json.pairing).toBeNull();
  });

  it('plans, names a cross-index entry, applies, and reports drift and keys', async () => {
    const before = await pair('status', '--json');
    expect(before.code).toBe(1);
    const unpaired = JSON.parse(before.stdout) as { paired: boolean; problems: Problem[] };
    expect(unpaired.paired).toBe(false);
    expect(unpaired.problems.filter((p) => p.code !== 'not-recorded').map((p) => [p.site, p.node, p.code])).toEqual(NODES.map((i) => ['main', i, 'missing']));
    // No node holds a pairing record yet: every node of both sites is named.
    expect(unpaired.problems.filter((p) => p.code === 'not-recorded').map((p) => `${p.site} ${p.node}`)).toEqual([...NODES.map((i) => `main ${i}`), ...NODES.map((i) => `failover ${i}`)]);

    // Main node 1 holds fail-over node 3's key: a cross-index entry.
    const c1 = await exportConfig(1);
    expect((await cluster.api('main', 1, 'PUT', '/v1/export-config', { enableExport: true, whitelist: [failoverKeys[2]], version: c1.version })).status).toBe(200);
    const plan = await pair('plan', '--json');
    expect(plan.code).toBe(0);
    const planned = JSON.parse(plan.stdout) as { directions: { plans: { index: number; state: string; crossIndex: number[]; removed: { why: string }[] }[] }[] };
    expect(planned.directions[0]!.plans[0]).toMatchObject({ index: 1, state: 'wrong-counterpart', crossIndex: [3] });
    expect(planned.directions[0]!.plans[0]!.removed[0]!.why).toContain('cross-index');

    const applied = await pair('apply', '--json');
    expect(applied.code, applied.stderr).toBe(0);
    const appliedJson = JSON.parse(applied.stdout) as { applied: Applied[]; paired: boolean };
    expect(appliedJson.paired).toBe(true);
    expect(outcomes(appliedJson.applied, 'whitelist')).toEqual(NODES.map((i) => `main ${i} changed`));
    expect(outcomes(appliedJson.applied, 'record')).toEqual([...NODES.map((i) => `main ${i} changed`), ...NODES.map((i) => `failover ${i} changed`)]);
    for (const i of NODES) {
      const c = await exportConfig(i);
      expect(c.enableExport).toBe(true);
      expect(c.whitelist).toEqual([failoverKeys[i - 1]]);
    }
    // The record on all six nodes: node i of each site names node i of the other at its current key.
    const admin = (await cluster.api('main', 1, 'GET', '/v1/info')).json.you.name as string;
    for (const i of NODES) {
      for (const [site, role, other] of [['main', 'main', 'failover'], ['failover', 'failover', 'main']] as const) {
        const r = await cluster.api(site, i, 'GET', '/v1/pairing');
        expect(r.status).toBe(200);
        expect(r.json).toMatchObject({
          version: 1,
          pairing: { site, role, counterpartSite: other, counterpartIndex: i, counterpartFingerprint: await fingerprintOf(other, i), direction: 'one-way', pairedBy: admin },
        });
      }
    }
    const toml = await fetch(`${cluster.profile('failover').nodes[1]!.url}/v1/export-config.toml`, { headers: { authorization: `Bearer ${cluster.profile('failover').nodes[1]!.token}` } });
    const tomlText = await toml.text();
    expect(tomlText).toMatch(/\[Player\][\s\S]*\[Pairing\]\nRole = "failover"\nSite = "failover"\nCounterpartSite = "main"\nCounterpartIndex = 2\n/);
    expect(tomlText).toContain(`CounterpartFingerprint = "${await fingerprintOf('main', 2)}"`);

    const after = await pair('status', '--json');
    expect(after.code, after.stdout).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ paired: true, problems: [], keys: { main: 0, failover: 0, missing: [], conflicts: [] } });
    // Applying again changes nothing: same versions on every node.
    const again = JSON.parse((await pair('apply', '--json')).stdout) as { applied: Applied[] };
    expect(again.applied.every((a) => a.outcome === 'unchanged')).toBe(true);
    expect((await cluster.api('main', 1, 'GET', '/v1/pairing')).json.version).toBe(1);

    // Drift: fail-over node 1 rotates its wrapping key; main node 1 still admits (and records) the old one.
    const oldFingerprint = await fingerprintOf('failover', 1);
    const rotated = await cluster.api('failover', 1, 'POST', '/v1/wrapping-key/rotate');
    expect(rotated.status).toBe(200);
    const newFingerprint = rotated.json.fingerprint as string;
    expect(newFingerprint).not.toBe(oldFingerprint);
    const drifted = await pair('status', '--json');
    expect(drifted.code, drifted.stdout).toBe(1);
    const driftReport = JSON.parse(drifted.stdout) as { paired: boolean; problems: Problem[] };
    expect(driftReport.paired).toBe(false);
    const alarm = driftReport.problems.find((p) => p.code === 'counterpart-rotated');
    expect(alarm).toMatchObject({ site: 'main', node: 1 });
    expect(alarm!.message).toContain(oldFingerprint.slice(0, 16));
    expect(alarm!.message).toContain(newFingerprint.slice(0, 16));
    expect(driftReport.problems.filter((p) => p.code === 'counterpart-rotated')).toHaveLength(1);

    const reapplied = await pair('apply', '--json');
    expect(reapplied.code, reapplied.stderr).toBe(0);
    const reappliedJson = JSON.parse(reapplied.stdout) as { applied: Applied[] };
    expect(reappliedJson.applied.filter((a) => a.outcome === 'changed').map((a) => `${a.site} ${a.index} ${a.part}`)).toEqual(['main 1 whitelist', 'main 1 record']);
    failoverKeys[0] = rotated.json.spki as string;
    expect((await exportConfig(1)).whitelist).toEqual([failoverKeys[0]]);
    expect((await cluster.api('main', 1, 'GET', '/v1/pairing')).json).toMatchObject({ version: 2, pairing: { counterpartFingerprint: newFingerprint } });
    const healed = await pair('status', '--json');
    expect(healed.code, healed.stdout).toBe(0);
    expect(JSON.parse(healed.stdout)).toMatchObject({ paired: true, problems: [] });

    // The nodes refuse a cross-index export: node 1 asked to wrap under fail-over node 2's key.
    const gen = await keyferry(['session', 'keygen', '--site', 'main', '--curve', 'secp256k1', '--key-id', 'pair-test-1']);
    expect(gen.code, gen.stderr).toBe(0);
    const crossed = {
      sessionId: 'pair-test-cross-index-0001',
      kind: 'export',
      parameters: { keyId: 'pair-test-1', wrappingKeys: [failoverKeys[1], failoverKeys[0], failoverKeys[2]] },
      timeoutMs: 2000,
    };
    for (const i of NODES) expect((await cluster.api('main', i, 'POST', '/v1/sessions', crossed)).status).toBe(200);
    let view: { state: string; failure?: { reason: string } } = { state: 'waiting' };
    for (let tries = 0; tries < 100 && view.state !== 'failed' && view.state !== 'done'; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      view = (await cluster.api('main', 1, 'GET', '/v1/sessions/pair-test-cross-index-0001')).json;
    }
    expect(view.state).toBe('failed');
    expect(view.failure?.reason).toBe('not-whitelisted');

    // A key on main only, and a key ID the fail-over site uses for another key.
    const other = await keyferry(['session', 'keygen', '--site', 'main', '--curve', 'P-256', '--key-id', 'pair-test-2']);
    expect(other.code, other.stderr).toBe(0);
    const clash = await keyferry(['session', 'keygen', '--site', 'failover', '--curve', 'P-256', '--key-id', 'pair-test-2']);
    expect(clash.code, clash.stderr).toBe(0);
    const drift = await pair('status', '--json');
    expect(drift.code).toBe(1);
    const report = JSON.parse(drift.stdout) as { paired: boolean; problems: { code: string }[]; keys: { main: number; failover: number; missing: string[]; conflicts: string[] } };
    expect(report.paired).toBe(true);
    expect(report.keys).toEqual({ main: 2, failover: 1, missing: ['pair-test-1'], conflicts: ['pair-test-2'] });
    expect(report.problems.map((p) => p.code).sort()).toEqual(['key-conflict', 'keys-missing']);
  });

  it('refuses bad command lines with exit 2 before calling any node', async () => {
    expect((await keyferry(['pair', 'mirror', '--main', 'main', '--failover', 'failover'])).code).toBe(2);
    const same = await keyferry(['pair', 'status', '--main', 'main', '--failover', 'main']);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('the same site');
    expect((await keyferry(['pair', 'plan', '--main', 'main'])).stderr).toContain('--failover is required');
  });
});
