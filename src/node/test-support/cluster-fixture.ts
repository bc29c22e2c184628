// Test fixture: a real local cluster (`keyferry cluster --home <temp>`: two sites of
// three node processes, started by cluster/cluster-process.ts) started once per test
// file, with helpers to call its nodes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SiteProfile } from '../../protocol/site-profile.ts';
import { startCluster, type ClusterProcess } from '../cluster/cluster-process.ts';

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
  let cluster: ClusterProcess;
  try {
    cluster = await startCluster({ home, readyTimeoutMs: timeoutMs });
  } catch (e) {
    rmSync(home, { recursive: true, force: true });
    throw e;
  }
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
    output: () => cluster.stdout() + cluster.stderr(),
    async stop() {
      await cluster.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
