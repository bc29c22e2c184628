// Test fixture: a real local cluster (`keyferry cluster --home <temp>`: two sites of
// three node processes) started once per test file, with helpers to call its nodes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SiteProfile } from '../../protocol/site-profile.ts';

export const REPO = resolve(import.meta.dirname, '../../..');

export interface TestCluster {
  home: string;
  token: string;
  profile(site: 'main' | 'failover'): SiteProfile;
  profileFile(site: 'main' | 'failover'): string;
  /** Call a node's API with the admin token; returns status and parsed JSON. */
  api(site: 'main' | 'failover', index: number, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** The pid of one node process (to kill it in a test). */
  pid(site: 'main' | 'failover', index: number): number;
  output(): string;
  stop(): Promise<void>;
}

export async function startTestCluster(timeoutMs = 90_000): Promise<TestCluster> {
  const home = mkdtempSync(join(tmpdir(), 'keyferry-test-cluster-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'cluster', '--home', home], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`cluster not ready within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const poll = setInterval(() => {
      if (out.includes('keyferry cluster: ready')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolveReady();
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`cluster exited (${code}) before ready:\n${out}`));
    });
  });
  const token = readFileSync(join(home, 'admin.token'), 'utf8').trim();
  const profileFile = (site: 'main' | 'failover') => join(home, 'sites', `${site}.json`);
  const profile = (site: 'main' | 'failover') => SiteProfile.parse(JSON.parse(readFileSync(profileFile(site), 'utf8')));
  return {
    home,
    token,
    profile,
    profileFile,
    async api(site, index, method, path, body) {
      const node = profile(site).nodes.find((n) => n.index === index)!;
      const res = await fetch(`${node.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${node.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    },
    pid(site, index) {
      const lock = JSON.parse(readFileSync(join(home, 'cluster.lock'), 'utf8')) as { nodes?: { pid: number; config: string }[] };
      const config = join(home, site, `node-${index}`, 'config.toml');
      const entry = lock.nodes?.find((n) => n.config === config);
      if (!entry) throw new Error(`no pid for ${site} node ${index} in cluster.lock: ${JSON.stringify(lock)}`);
      return entry.pid;
    },
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(home, { recursive: true, force: true });
    },
  };
}
