// keyferry pair sync / canary against real node processes: both sites run as owned node
// processes (site-processes.ts), so a fail-over node can be SIGKILLed in the middle of a
// sync and started again. Before pairing a copy is refused as "not paired"; once paired,
// keys of every curve reach all 6 nodes with the same ID and public key; a second sync
// skips them; a key ID the fail-over site uses for another key is a conflict and left as
// it is; a node killed during a sync is named, and the next sync completes with no key
// half-held; the canary passes and leaves no key behind.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyferryCommand } from '../node/cluster/cli-launch.ts';
import { startBothSites, type SiteProcesses } from '../node/test-support/site-processes.ts';
import { runKeyferry, type CliRun } from './test-support/run-cli.ts';

const NODES = [1, 2, 3] as const;
let main: SiteProcesses | undefined;
let failover: SiteProcesses | undefined;
const profiles = () => ['--main', join(main!.home, 'sites', 'main.json'), '--failover', join(failover!.home, 'sites', 'failover.json')];
const keyferry = (args: string[]): Promise<CliRun> => runKeyferry(args, main!.home);
const pair = (sub: string, ...more: string[]) => keyferry(['pair', sub, ...profiles(), ...more]);

type Key = { keyId: string; publicKey: string };
type Progress = { total: number; copied: number; skipped: number; conflicts: number; failed: number; results: { keyId: string; outcome: string; failure?: { site: string; node: number; message: string } }[] };

/** Every node's key list, "site/index" → keys. */
async function everyNodesKeys(): Promise<Map<string, Key[]>> {
  const out = new Map<string, Key[]>();
  for (const s of [main!, failover!]) {
    for (const i of NODES) {
      const r = await s.api(i, 'GET', '/v1/keys');
      expect(r.status).toBe(200);
      out.set(`${s.site}/${i}`, r.json.keys as Key[]);
    }
  }
  return out;
}

/** The key on all 6 nodes, once each, with one public key; returns it. */
function heldEverywhere(all: Map<string, Key[]>, keyId: string): string {
  const found = [...all].map(([where, keys]) => ({ where, copies: keys.filter((k) => k.keyId === keyId) }));
  for (const f of found) expect(f.copies.length, `${keyId} on ${f.where}`).toBe(1);
  expect(new Set(found.map((f) => f.copies[0]!.publicKey)).size, keyId).toBe(1);
  return found[0]!.copies[0]!.publicKey;
}

async function keygen(site: 'main' | 'failover', keyId: string, curve: string): Promise<void> {
  const s = site === 'main' ? main! : failover!;
  const r = await keyferry(['session', 'keygen', '--site', join(s.home, 'sites', `${site}.json`), '--curve', curve, '--key-id', keyId]);
  expect(r.code, r.stderr).toBe(0);
}

/** No session still waiting or running on a fail-over node (a killed peer's sessions time out). */
async function failoverSettled(): Promise<void> {
  for (let tries = 0; tries < 150; tries++) {
    let busy = false;
    for (const i of NODES) {
      const r = await failover!.api(i, 'GET', '/v1/sessions');
      busy ||= (r.json.sessions as { state: string }[]).some((x) => x.state !== 'done' && x.state !== 'failed');
    }
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('fail-over sessions did not settle within 30 s');
}

beforeAll(async () => {
  ({ main, failover } = await startBothSites());
}, 120_000);
afterAll(async () => {
  await Promise.allSettled([main?.stop(), failover?.stop()]);
}, 60_000);

describe('keyferry pair sync and canary against real nodes', { timeout: 300_000 }, () => {
  it('refuses before pairing, then copies keys of every curve to all 6 nodes, and skips them the second time', async () => {
    await keygen('main', 'sync-k1', 'secp256k1');
    const early = await pair('sync', '--key-id', 'sync-k1');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('not paired');
    expect(early.stderr).toContain('keyferry pair apply');

    const applied = await pair('apply');
    expect(applied.code, applied.stderr).toBe(0);
    await keygen('main', 'sync-k2', 'P-256');
    await keygen('main', 'sync-k3', 'P-384');
    await keygen('main', 'sync-k4', 'Ed25519');

    const sync = await pair('sync');
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toMatch(/\[1\/4\] sync-k1/);
    expect(sync.stderr).toMatch(/\[4\/4\] sync-k4, [\d.]+ keys\/s, ~\d+ s left/);
    expect(sync.stdout).toMatch(/copied\s+sync-k3 {2}\(\d+ ms\)/);
    expect(sync.stdout).toContain('4 key(s) main → failover: 4 copied, 0 skipped, 0 conflict(s), 0 failed');
    const all = await everyNodesKeys();
    for (const id of ['sync-k1', 'sync-k2', 'sync-k3', 'sync-k4']) heldEverywhere(all, id);
    console.info(`copy ms per key: ${[...sync.stdout.matchAll(/\((\d+) ms\)/g)].map((m) => m[1]).join(', ')}`);

    const again = await pair('sync', '--json');
    expect(again.code, again.stderr).toBe(0);
    const p = JSON.parse(again.stdout) as Progress;
    expect(p).toMatchObject({ total: 4, copied: 0, skipped: 4, conflicts: 0, failed: 0 });
  });

  it('a --key-id main does not hold is a usage error naming it', async () => {
    const r = await pair('sync', '--key-id', 'sync-k1', '--key-id', 'no-such-key');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-key');
    expect(r.stderr).not.toContain('sync-k1:');
  });

  it('a key ID fail-over uses for another key is a conflict: reported, exit 1, the fail-over key left as it was', async () => {
    await keygen('main', 'sync-clash', 'P-256');
    await keygen('failover', 'sync-clash', 'P-256');
    const before = (await failover!.api(1, 'GET', '/v1/keys/sync-clash')).json.publicKey as string;
    const r = await pair('sync', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sync-clash is a conflict');
    const p = JSON.parse(r.stdout) as Progress;
    expect(p).toMatchObject({ conflicts: 1, skipped: 4, failed: 0, copied: 0 });
    expect(p.results.find((x) => x.keyId === 'sync-clash')?.outcome).toBe('conflict');
    const mainKey = (await main!.api(1, 'GET', '/v1/keys/sync-clash')).json.publicKey as string;
    expect(mainKey).not.toBe(before);
    for (const i of NODES) expect((await failover!.api(i, 'GET', '/v1/keys/sync-clash')).json.publicKey).toBe(before);
    // Asked for by name, it is still a conflict and still untouched.
    const named = await pair('sync', '--key-id', 'sync-clash');
    expect(named.code).toBe(1);
    expect(named.stdout).toMatch(/conflict\s+sync-clash/);
    for (const i of NODES) expect((await failover!.api(i, 'GET', '/v1/keys/sync-clash')).json.publicKey).toBe(before);
  });

  it('a fail-over node killed during a sync is named; after its restart a sync completes with nothing half-held or twice', async () => {
    const ids = ['sync-m1', 'sync-m2', 'sync-m3', 'sync-m4'];
    for (const id of ids) await keygen('main', id, 'secp256k1');
    // One key per session, so the kill falls between sessions.
    const command = keyferryCommand(['pair', 'sync', ...profiles(), '--batch-size', '1', ...ids.flatMap((id) => ['--key-id', id])]);
    const child = spawn(command.file, command.args, { cwd: command.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed: Promise<void> | undefined;
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        // The first key is through: kill fail-over node 2 while the rest are copied.
        if (killed === undefined && /copied\s+sync-m1/.test(stdout)) killed = failover!.kill(2);
      });
      const code = await exited;
      await killed;
      expect(killed, stdout + stderr).toBeDefined();
      expect(code).toBe(1);
      expect(stdout).toMatch(/copied\s+sync-m1/);
      expect(stdout).toMatch(/failed\s+sync-m4 .*failover node 2 \(http:\/\/127\.0\.0\.1:\d+\)/);
      expect(stderr).toContain('sync-m4 failed');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await failover!.restart(2);
    await failoverSettled();

    const resumed = await pair('sync', ...ids.flatMap((id) => ['--key-id', id]), '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    const p = JSON.parse(resumed.stdout) as Progress;
    expect(p.skipped).toBeGreaterThanOrEqual(1);
    expect(p.copied).toBeGreaterThanOrEqual(1);
    expect(p.copied + p.skipped).toBe(4);
    const all = await everyNodesKeys();
    for (const id of ids) heldEverywhere(all, id);
    for (const [where, keys] of all) expect(new Set(keys.map((k) => k.keyId)).size, where).toBe(keys.length);
  });

  it('the canary passes every step and leaves no canary key on any node', async () => {
    const r = await pair('canary', '--curve', 'P-256', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; keyId: string; curve: string; totalMs: number; steps: { step: string; ok: boolean; ms: number }[] };
    expect(report.ok).toBe(true);
    expect(report.curve).toBe('P-256');
    expect(report.keyId).toMatch(/^canary-[A-Za-z0-9_-]+$/);
    expect(report.steps.map((s) => [s.step, s.ok])).toEqual(['keygen', 'export', 'import', 'verify', 'delete'].map((s) => [s, true]));
    console.info(`canary: ${report.totalMs} ms (${report.steps.map((s) => `${s.step} ${s.ms}`).join(', ')})`);
    for (const [where, keys] of await everyNodesKeys()) expect(keys.filter((k) => k.keyId.startsWith('canary-')), where).toEqual([]);
  });

  it('a canary that cannot reach a fail-over node fails naming it, and still deletes its key from main', async () => {
    await failover!.kill(3);
    try {
      const r = await pair('canary');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/delete\s+FAILED/);
      expect(r.stderr).toContain('failover node 3');
      for (const i of NODES) expect(((await main!.api(i, 'GET', '/v1/keys')).json.keys as Key[]).filter((k) => k.keyId.startsWith('canary-'))).toEqual([]);
    } finally {
      await failover!.restart(3);
    }
  });
});
