// The local cluster as `keyferry cluster` runs it: six real node processes. Ready means
// every node answers health and, with the profile's token, /v1/info; SIGTERM stops all
// of them and exits 0; a second start reuses identities and data; a node that fails to
// start or dies later takes the cluster down with a message naming it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SiteProfile } from '../../protocol/site-profile.ts';
import { lockFile, nodeFile, profileFile, SITES } from './layout.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const READY = 'keyferry cluster: ready';

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  pids: () => number[];
}

const started: Run[] = [];
const dir = mkdtempSync(join(tmpdir(), 'keyferry-cluster-run-'));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of node processes whose config lies under `home` (Linux /proc; elsewhere none are found). */
function nodesOf(home: string): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').some((a) => a.startsWith(`${home}/`) && a.endsWith('config.toml'));
      } catch {
        return false;
      }
    })
    .map(Number);
}

function runCluster(home: string): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'cluster', '--home', home], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('close', (code, signal) => r({ code, signal })));
  const ready = new Promise<void>((res, rej) => {
    const check = () => {
      if (out.split('\n').includes(READY)) res();
    };
    child.stdout!.on('data', check);
    void exited.then(({ code }) => rej(new Error(`cluster exited (${code}) before ready:\n${out}\n${err}`)));
  });
  ready.catch(() => {});
  const run: Run = {
    child,
    out: () => out,
    err: () => err,
    ready,
    exited,
    pids: () => [...out.matchAll(/ pid (\d+)$/gm)].map((m) => Number(m[1])),
  };
  started.push(run);
  return run;
}

afterAll(async () => {
  for (const r of started) {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    for (const pid of r.pids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
});

const profiles = (home: string) => SITES.map((s) => SiteProfile.parse(JSON.parse(readFileSync(profileFile(home, s), 'utf8'))));

async function info(url: string, token: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/v1/info`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function stop(run: Run, home: string) {
  run.child.kill('SIGTERM');
  const exit = await run.exited;
  for (const pid of run.pids()) expect(alive(pid), `node pid ${pid} still running`).toBe(false);
  expect(nodesOf(home)).toEqual([]);
  return exit;
}

describe('keyferry cluster (real processes)', { timeout: 180_000 }, () => {
  const home = join(dir, 'home');
  const fingerprints = new Map<string, unknown>();

  it('starts six nodes that answer health and, with the profile token, /v1/info; SIGTERM exits 0', async () => {
    const run = runCluster(home);
    await run.ready;
    expect(run.pids()).toHaveLength(6);
    expect(nodesOf(home).sort()).toEqual([...run.pids()].sort());
    expect(run.out()).toContain('Ctrl-C stops everything.');
    expect(run.out().trimEnd().split('\n').at(-1)).toBe(READY);
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
    expect(run.out()).toContain('keyferry cluster: stopped');
    expect(existsSync(lockFile(home))).toBe(false);
    expect(readFileSync(nodeFile(home, 'main', 1, 'log'), 'utf8')).toContain('keyferry cluster: starting main node 1');
  });

  it('a second start reuses the same identities and data', async () => {
    const identities = SITES.flatMap((s) => [1, 2, 3].map((i) => readFileSync(nodeFile(home, s, i, 'identityKey'), 'utf8')));
    const run = runCluster(home);
    await run.ready;
    expect(run.out()).not.toContain('created');
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
    expect(second.err()).toContain(`a cluster is already running from ${home} (pid ${first.child.pid})`);

    first.child.kill('SIGKILL'); // no chance to stop its nodes, which run in their own process group
    await first.exited;
    expect(first.pids().filter(alive)).toHaveLength(6);
    const third = runCluster(home);
    await third.ready;
    expect(third.err()).toContain('stopping 6 node process(es) left by a previous run that was killed');
    for (const pid of first.pids()) expect(alive(pid)).toBe(false);
    expect(await stop(third, home)).toEqual({ code: 0, signal: null });
  });

  it('a node killed while running stops the cluster with exit 1, naming the node', async () => {
    const run = runCluster(home);
    await run.ready;
    const victim = run.pids()[4]!; // failover node 2
    process.kill(victim, 'SIGKILL');
    const exit = await run.exited;
    expect(exit.code).toBe(1);
    expect(run.err()).toMatch(/failover node 2 \(pid \d+\) exited unexpectedly \(killed by SIGKILL\)/);
    for (const pid of run.pids()) expect(alive(pid)).toBe(false);
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
      expect(run.err()).toMatch(/main node 3 exited during start-up \(exit code 2\); its last output:\n.*masterKek/);
      expect(run.out()).not.toContain(READY);
      expect(nodesOf(home)).toEqual([]);
    } finally {
      writeFileSync(kek, good);
    }
  });
});
