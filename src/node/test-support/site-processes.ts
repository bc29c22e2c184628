// Test fixture: one site of a local cluster home (created by prepareCluster, exactly as
// `keyferry cluster` would) run as individually owned node processes, so a test can
// SIGKILL one node and keep the others running — the cluster supervisor stops every node
// as soon as one dies — and start the killed one again on the same files and port.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareCluster, readAdminToken } from '../cluster/prepare.ts';
import type { NodeApi } from './join-all.ts';
import { killAllNodes, startNode, type NodeFiles, type NodeProcess } from './spawn-node.ts';

export interface SiteProcesses {
  home: string;
  site: 'main' | 'failover';
  url(index: number): string;
  api: NodeApi;
  /** The running process of a node (throws when it is not running). */
  node(index: number): NodeProcess;
  /** SIGKILL a node and wait until it has exited. */
  kill(index: number): Promise<void>;
  /** Start a node again (after kill) on the same config, data and port. */
  restart(index: number): Promise<void>;
  stop(): Promise<void>;
}

/** `consoleOrigins`: console origins the nodes allow by CORS (e2e drives them from a browser). */
export async function startSiteProcesses(site: 'main' | 'failover' = 'main', options: { consoleOrigins?: string[] } = {}): Promise<SiteProcesses> {
  const home = mkdtempSync(join(tmpdir(), 'keyferry-test-site-'));
  const cluster = await prepareCluster({ home, ...(options.consoleOrigins ? { consoleOrigins: options.consoleOrigins } : {}) });
  const token = readAdminToken(home);
  const layout = cluster.sites.find((s) => s.site === site)!;
  const files = new Map<number, NodeFiles>(
    layout.nodes.map((n) => {
      const kekFile = join(n.dir, 'master.kek');
      const f: NodeFiles = {
        dir: n.dir,
        configFile: n.configFile,
        dataDir: join(n.dir, 'data'),
        kekFile,
        kekHex: readFileSync(kekFile, 'utf8').trim(),
        identityFile: join(n.dir, 'identity.key'),
        token,
        port: n.port,
        text: readFileSync(n.configFile, 'utf8'),
      };
      return [n.index, f];
    }),
  );
  const running = new Map<number, NodeProcess>();
  const started = await Promise.allSettled([...files].map(async ([i, f]) => running.set(i, await startNode(f, 60_000))));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await killAllNodes();
    rmSync(home, { recursive: true, force: true });
    throw (failed as PromiseRejectedResult).reason;
  }
  const node = (index: number) => {
    const p = running.get(index);
    if (!p) throw new Error(`${site} node ${index} is not running`);
    return p;
  };
  return {
    home,
    site,
    url: (index) => `http://127.0.0.1:${files.get(index)!.port}`,
    api: async (index, method, path, body) => {
      const r = await node(index).api(method, path, body);
      return { status: r.status, json: r.body };
    },
    node,
    async kill(index) {
      const p = node(index);
      running.delete(index);
      p.child.kill('SIGKILL');
      await p.exited;
    },
    async restart(index) {
      if (running.has(index)) throw new Error(`${site} node ${index} is still running`);
      running.set(index, await startNode(files.get(index)!, 60_000));
    },
    async stop() {
      await Promise.allSettled([...running.values()].map((p) => p.stop(15_000)));
      running.clear();
      await killAllNodes();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Both sites of a cluster as owned node processes; if either cannot start, the other is stopped too. */
export async function startBothSites(): Promise<{ main: SiteProcesses; failover: SiteProcesses }> {
  const started = await Promise.allSettled([startSiteProcesses('main'), startSiteProcesses('failover')]);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.allSettled(started.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw (failed as PromiseRejectedResult).reason;
  }
  const [main, failover] = started.map((r) => (r as PromiseFulfilledResult<SiteProcesses>).value);
  return { main: main!, failover: failover! };
}
