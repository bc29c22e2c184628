// keyferry pair plan / apply / status against a real cluster (sites main and failover):
// a cross-index entry is named, apply pairs every main node i with exactly fail-over node
// i's key, status --json reports keys missing on fail-over and key ID conflicts, and the
// nodes themselves refuse a cross-index export once paired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../node/test-support/cluster-fixture.ts';
import { runKeyferry, type CliRun } from './test-support/run-cli.ts';

const NODES = [1, 2, 3] as const;
let cluster: TestCluster;
const keyferry = (args: string[]): Promise<CliRun> => runKeyferry(args, cluster.home);
const pair = (sub: string, ...more: string[]) => keyferry(['pair', sub, '--main', 'main', '--failover', 'failover', ...more]);
const failoverKeys: string[] = [];

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
  it('plans, names a cross-index entry, applies, and reports drift and keys', async () => {
    const before = await pair('status', '--json');
    expect(before.code).toBe(1);
    const unpaired = JSON.parse(before.stdout) as { paired: boolean; problems: { node: number; code: string }[] };
    expect(unpaired.paired).toBe(false);
    expect(unpaired.problems.map((p) => [p.node, p.code])).toEqual(NODES.map((i) => [i, 'missing']));

    // Main node 1 holds fail-over node 3's key: a cross-index entry.
    const c1 = await exportConfig(1);
    expect((await cluster.api('main', 1, 'PUT', '/v1/export-config', { enableExport: true, whitelist: [failoverKeys[2]], version: c1.version })).status).toBe(200);
    const plan = await pair('plan', '--json');
    expect(plan.code).toBe(0);
    const planned = JSON.parse(plan.stdout) as { directions: { plans: { index: number; state: string; crossIndex: number[]; removed: { why: string }[] }[] }[] };
    expect(planned.directions[0]!.plans[0]).toMatchObject({ index: 1, state: 'wrong-counterpart', crossIndex: [3] });
    expect(planned.directions[0]!.plans[0]!.removed[0]!.why).toContain('cross-index');

    const applied = await pair('apply');
    expect(applied.code, applied.stderr).toBe(0);
    for (const i of NODES) {
      const c = await exportConfig(i);
      expect(c.enableExport).toBe(true);
      expect(c.whitelist).toEqual([failoverKeys[i - 1]]);
    }
    const after = await pair('status', '--json');
    expect(after.code, after.stdout).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ paired: true, problems: [], keys: { main: 0, failover: 0, missing: [], conflicts: [] } });

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
