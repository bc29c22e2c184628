// `npm start`: build the console, serve it on loopback, and run the local node cluster
// (`keyferry cluster`: sites main and failover, docs/cluster.md) beside it.
//
// It always builds (a few seconds) rather than guessing whether dist/ is stale. The
// console binds first, so its actual port (5173, or a free one when that is taken) can
// be passed to the cluster as an allowed CORS origin. Each part it starts is pushed onto
// `running`, which SIGINT/SIGTERM close (the cluster gets SIGTERM and is waited for; it
// stops its nodes in turn). If the cluster dies on its own, the console is closed too.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'vite';
import { closeOnSignals, parsePort, serveConsole } from './serve-console.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The last line `keyferry cluster` prints once every node answers. */
const CLUSTER_READY = 'keyferry cluster: ready';

/**
 * Start `keyferry cluster` as a child process; its summary is echoed to our stdout.
 * @param {string[]} consoleOrigins
 * @param {() => void} onUnexpectedExit called if the cluster exits after it was ready and before close()
 * @returns {{ ready: Promise<void>, close: () => Promise<void> }}
 */
function startCluster(consoleOrigins, onUnexpectedExit) {
  const args = ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'cluster', ...consoleOrigins.flatMap((o) => ['--console-origin', o])];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let closing = false;
  /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const ready = new Promise((resolveReady, rejectReady) => {
    let isReady = false;
    createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
      if (line === CLUSTER_READY && !isReady) {
        isReady = true;
        resolveReady(undefined);
      }
    });
    child.once('error', rejectReady);
    exited.then(({ code, signal }) => {
      if (closing) return; // stopped on purpose (Ctrl-C): closeOnSignals exits for us
      if (!isReady) rejectReady(new Error(`the local cluster did not start (${signal ?? `exit code ${code}`}); see the messages above`));
      else onUnexpectedExit();
    });
  });
  return {
    ready: /** @type {Promise<void>} */ (ready),
    close: async () => {
      closing = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main() {
  /** @type {Array<{ close: () => Promise<void> }>} */
  const running = [];
  closeOnSignals(running);

  await build({ root: repoRoot, logLevel: 'warn' });

  const consoleServer = await serveConsole({
    root: join(repoRoot, 'dist'),
    port: parsePort(process.env['PORT'], 5173, 'PORT'),
    host: '127.0.0.1',
    // The cluster's default home (`keyferry cluster` without --home, run from the repo root).
    localProfilesDir: join(resolve(repoRoot, process.env['KEYFERRY_HOME'] || '.keyferry'), 'sites'),
  });
  running.push(consoleServer);

  const origins = [`http://127.0.0.1:${consoleServer.port}`, `http://localhost:${consoleServer.port}`];
  const cluster = startCluster(origins, () => {
    process.stderr.write('keyferry start: the local cluster stopped; closing the console\n');
    consoleServer.close().finally(() => process.exit(1));
  });
  running.push(cluster);
  await cluster.ready;

  process.stdout.write(`Keyferry console: ${consoleServer.url}\n`);
}

main().catch((/** @type {unknown} */ error) => {
  process.stderr.write(`keyferry start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
