// `npm start`: build the console, then serve it on loopback.
//
// It always builds (a few seconds) rather than guessing whether dist/ is stale. Each
// part it starts is pushed onto `running`, which SIGINT/SIGTERM close in reverse order;
// the local node cluster will be started the same way, before the console, so the
// console can be given the node URLs (CSP connect-src, API base URLs).

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { build } from 'vite';
import { closeOnSignals, parsePort, serveConsole } from './serve-console.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

async function main() {
  /** @type {Array<{ close: () => Promise<void> }>} */
  const running = [];
  closeOnSignals(running);

  await build({ root: repoRoot, logLevel: 'warn' });

  const consoleServer = await serveConsole({
    root: join(repoRoot, 'dist'),
    port: parsePort(process.env['PORT'], 5173, 'PORT'),
    host: '127.0.0.1',
  });
  running.push(consoleServer);

  process.stdout.write(`Keyferry console: ${consoleServer.url}\n`);
}

main().catch((/** @type {unknown} */ error) => {
  process.stderr.write(`keyferry start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
