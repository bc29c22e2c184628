// The local cluster as `keyferry cluster` runs it: six real node processes. Ready means
// every node answers health and, with the profile's token, /v1/info; SIGTERM stops all
// of them and exits 0; a second start reuses identities and data; a node that fails to
// start or dies later takes the cluster down with a message naming it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SiteProfile } from '../../protocol/site-profile.ts';
import { alive, processesWhere } from '../test-support/processes.ts';
import { READY_LINE, spawnCluster, type ClusterProcess } from './cluster-process.ts';
import { lockFile, nodeFile, profileFile, SITES } from './layout.ts';

const started: ClusterProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'keyferry-cluster-run-'));

/** Pids of node processes whose config lies under `home`. */
const nodesOf = (home: string) => processesWhere((argv) => argv.some((a) => a.startsWith(`${home}/`) && a.endsWith('config.toml')));

function runCluster(home: string): ClusterProcess {
  const run = spawnCluster({ home });
  started.push(run);
  return run;
}

afterAll(async () => {
  for (const r of started) {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    for (const pid of r.nodePids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
});

const profiles = (home: string) => SITES.map((s) => SiteProfile.parse(JSON.parse(readFileSync(profileFile(home, s), 'utf8'))));

async function info(url: string, token: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/v1/info`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function stop(run: ClusterProcess, home: string) {
  run.child.kill('SIGTERM');
  const exit = await run.exited;
  for (const pid of run.nodePids()) expect(alive(pid), `node pid ${pid} still running`).toBe(false);
  expect(nodesOf(home)).toEqual([]);
  return exit;
}

describe('keyferry cluster (real processes)', { timeout: 180_000 }, () => {
  const home = join(dir, 'home');
  const fingerprints = new Map<string, unknown>();

  it('starts six nodes that answer health and, with the profile token, /v1/info; SIGTERM exits 0', async () => {
    const run = runCluster(home);
    await run.ready;
    expect(run.nodePids()).toHaveLength(6);
    expect(nodesOf(home).sort()).toEqual([...run.nodePids()].sort());
    expect(run.stdout()).toContain('Ctrl-C stops everything.');
    expect(run.stdout().trimEnd().split('\n').at(-1)).toBe(READY_LINE);
    for (const p of profiles(home)) {
      for (const n of p.nodes) {
        const health = await fetch(`${n.url}/v1/health`);
        expect(health.status).toBe(200);
        const i = await info(n.url, n.token);
        expect(i).toMatchObject({ site: p.site, index: n.index, n: 3, t: 1 });
        fingerprints.set(`${p.site}/${n.index}`, i['wrappingKeyFingerprint']);
      }
      const unauthorised = await fetch(`${p.nodes[0]!.url}/v1/info`);
      expect(unauthorised.status).toBe(401);
    }
    expect(await stop(run, home)).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toContain('keyferry cluster: stopped');
    expect(existsSync(lockFile(home))).toBe(false);
    expect(readFileSync(nodeFile(home, 'main', 1, 'log'), 'utf8')).toContain('keyferry cluster: starting main node 1');
  });

  it('a second start reuses the same identities and data', async () => {
    const identities = SITES.flatMap((s) => [1, 2, 3].map((i) => readFileSync(nodeFile(home, s, i, 'identityKey'), 'utf8')));
    const run = runCluster(home);
    await run.ready;
    expect(run.stdout()).not.toContain('created');
    for (const p of profiles(home)) {
      for (const n of p.nodes) {
        const i = await info(n.url, n.token);
        // The wrapping key lives in the node's database: same fingerprint = same data.
        expect(i['wrappingKeyFingerprint']).toBe(fingerprints.get(`${p.site}/${n.index}`));
        expect((i['peers'] as { reachable: boolean }[]).every((x) => x.reachable)).toBe(true);
      }
    }
    expect(SITES.flatMap((s) => [1, 2, 3].map((i) => readFileSync(nodeFile(home, s, i, 'identityKey'), 'utf8')))).toEqual(identities);
    expect(await stop(run, home)).toEqual({ code: 0, signal: null });
  });

  it('refuses a second cluster on the same home; after the supervisor is killed outright, the next start stops its orphaned nodes', async () => {
    const first = runCluster(home);
    await first.ready;
    const second = runCluster(home);
    expect((await second.exited).code).toBe(1);
    expect(second.stderr()).toContain(`a cluster is already running from ${home} (pid ${first.child.pid})`);

    first.child.kill('SIGKILL'); // no chance to stop its nodes, which run in their own process group
    await first.exited;
    expect(first.nodePids().filter(alive)).toHaveLength(6);
    const third = runCluster(home);
    await third.ready;
    expect(third.stderr()).toContain('stopping 6 node process(es) left by a previous run that was killed');
    for (const pid of first.nodePids()) expect(alive(pid)).toBe(false);
    expect(await stop(third, home)).toEqual({ code: 0, signal: null });
  });

  it('a node killed while running stops the cluster with exit 1, naming the node', async () => {
    const run = runCluster(home);
    await run.ready;
    const victim = run.nodePids()[4]!; // failover node 2
    process.kill(victim, 'SIGKILL');
    const exit = await run.exited;
    expect(exit.code).toBe(1);
    expect(run.stderr()).toMatch(/failover node 2 \(pid \d+\) exited unexpectedly \(killed by SIGKILL\)/);
    for (const pid of run.nodePids()) expect(alive(pid)).toBe(false);
    expect(nodesOf(home)).toEqual([]);
    expect(existsSync(lockFile(home))).toBe(false);
  });

  it("a node that cannot start fails the cluster with the node's own error", async () => {
    const kek = nodeFile(home, 'main', 3, 'masterKek');
    const good = readFileSync(kek, 'utf8');
    writeFileSync(kek, 'not hex\n');
    try {
      const run = runCluster(home);
      const exit = await run.exited;
      expect(exit.code).toBe(1);
      expect(run.stderr()).toMatch(/main node 3 exited during start-up \(exit code 2\); its last output:\n.*masterKek/);
      expect(run.stdout()).not.toContain(READY_LINE);
      expect(nodesOf(home)).toEqual([]);
    } finally {
      writeFileSync(kek, good);
    }
  });
});
