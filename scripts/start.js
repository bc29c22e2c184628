// `npm start`: serve the console on loopback and run the local node cluster (`keyferry
// cluster`: sites main and failover, docs/cluster.md) beside it, then print the URL.
//
// Fast and small on purpose (docs/cluster.md, "Start-up"): the server build (build/) is
// refreshed only when a source changed, the console is rebuilt only when dist/ is stale,
// and that build runs in a child process while the cluster starts, so this process holds
// only a static file server. The console binds first, so its port (5173, or a free one
// when that is taken, or $PORT) is known to the cluster as an allowed CORS origin; it
// answers requests once the build is done. SIGINT/SIGTERM close what was started, the
// cluster last-in-first-out (it gets SIGTERM and stops its nodes in turn). If the cluster
// dies on its own, the console is closed too.
//
// KEYFERRY_CONSOLE_DIST: build and serve the console from another folder (the start
// bench uses it so it never empties the dist/ that e2e runs serve).

import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { buildConsole, consoleBuildIsStale } from './build-console.js';
import { ensureServerBuild } from './build-server.js';
import { closeOnSignals, parsePort, serveConsole } from './serve-console.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** What has been started, for closeOnSignals and for a failed start. */
/** @type {Array<{ close: () => Promise<void> }>} */
const running = [];

async function main() {
  closeOnSignals(running);

  await ensureServerBuild();
  // The compiled helper (the source is TypeScript, which plain Node 20 cannot load).
  const helper = new URL('../build/cluster-process.js', import.meta.url).href;
  /** @type {typeof import('../src/node/cluster/cluster-process.ts')} */
  const { READY_LINE, spawnCluster } = await import(helper);

  const dist = resolve(repoRoot, process.env['KEYFERRY_CONSOLE_DIST'] || 'dist');
  const consoleBuilt = consoleBuildIsStale(dist) ? buildConsole(dist) : Promise.resolve();
  consoleBuilt.catch(() => {}); // awaited below, after the cluster has had its chance to start

  const consoleServer = await serveConsole({
    root: dist,
    port: parsePort(process.env['PORT'], 5173, 'PORT'),
    host: '127.0.0.1',
    // The cluster's default home (`keyferry cluster` without --home, run from the repo root).
    localProfilesDir: join(resolve(repoRoot, process.env['KEYFERRY_HOME'] || '.keyferry'), 'sites'),
    built: consoleBuilt,
  });
  running.push(consoleServer);

  let closing = false;
  const cluster = spawnCluster({ consoleOrigins: [`http://127.0.0.1:${consoleServer.port}`, `http://localhost:${consoleServer.port}`], echo: true });
  running.push({
    close: async () => {
      closing = true;
      await cluster.stop();
    },
  });
  void cluster.exited.then(({ code, signal }) => {
    if (closing) return; // stopped on purpose (Ctrl-C): closeOnSignals exits for us
    const how = signal ?? `exit code ${code}`;
    process.stderr.write(`keyferry start: the local cluster stopped (${how})${cluster.stdout().includes(READY_LINE) ? '' : ' before it was ready; see the messages above'}; closing the console\n`);
    consoleServer.close().finally(() => process.exit(1));
  });

  await Promise.all([cluster.ready.catch(() => new Promise(() => {})), consoleBuilt]);
  process.stdout.write(`Keyferry console: ${consoleServer.url}\n`);
}

main().catch(async (/** @type {unknown} */ error) => {
  process.stderr.write(`keyferry start: ${error instanceof Error ? error.message : String(error)}\n`);
  await Promise.allSettled([...running].reverse().map((r) => r.close()));
  process.exit(1);
});
