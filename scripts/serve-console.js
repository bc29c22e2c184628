// A small static file server for the built console (`dist/`), used by `npm start` and by
// the e2e fixture. It exists so production and tests serve the console the same way: on
// loopback only, with the security headers of ./security-headers.js, `no-store` on the
// HTML, long-lived caching only for content-hashed assets, and SPA fallback to
// index.html for extension-less paths the router owns (/inspect, /sessions/abc, …).
//
// With `localProfilesDir` (npm start: <cluster home>/sites) it also answers
// GET /local/site-profiles with the local cluster's site profiles, so the console connects
// to them without a token in any URL — to the console's own origin only (docs/console.md).
//
// CLI: node scripts/serve-console.js [--root dist] [--port 4173] [--host 127.0.0.1] [--strict-port]

import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { securityHeaders } from './security-headers.js';

/** @type {Readonly<Record<string, string>>} */
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** Vite writes content-hashed files here; they never change under the same name. */
const IMMUTABLE_PREFIX = '/assets/';

/**
 * @typedef {object} ServeConsoleOptions
 * @property {string} root Directory holding the built console (index.html at its top).
 * @property {number} [port] 0 picks a free port. Default 5173.
 * @property {string} [host] Default 127.0.0.1. The console is an operator tool: loopback only.
 * @property {boolean} [strictPort] Fail instead of falling back to a free port when `port` is taken.
 * @property {readonly string[]} [connectSrc] Extra origins for CSP connect-src (node URLs).
 * @property {string} [localProfilesDir] A directory of site profiles (`<site>.json`) served at
 *   GET /local/site-profiles to the console's own origin only. Without it that path answers `[]`.
 * @property {Promise<void>} [built] The console is still being built into `root`: listen at once
 *   (so the port is known), answer requests once this resolves. Without it `root` must hold a build.
 */

/** Where the console asks for the local cluster's site profiles. */
export const LOCAL_PROFILES_PATH = '/local/site-profiles';

/**
 * @typedef {object} ConsoleServer
 * @property {string} url e.g. http://127.0.0.1:5173/
 * @property {string} host
 * @property {number} port
 * @property {() => Promise<void>} close Stops listening and drops open connections.
 */

/**
 * Serve a built console directory over HTTP.
 * @param {ServeConsoleOptions} options
 * @returns {Promise<ConsoleServer>}
 */
export async function serveConsole({ root, port = 5173, host = '127.0.0.1', strictPort = false, connectSrc, localProfilesDir, built }) {
  if (typeof root !== 'string' || root === '') throw new TypeError('"root" expected a directory path');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`"port" expected an integer 0..65535, got ${String(port)}`);
  }
  const rootDir = resolve(root);
  const index = join(rootDir, 'index.html');
  if (built === undefined) await requireBuild(index, rootDir);
  const ready = built === undefined ? Promise.resolve() : built.then(() => requireBuild(index, rootDir));
  ready.catch(() => {}); // the caller awaits `built` itself; requests get a 500 meanwhile
  const headers = securityHeaders(connectSrc === undefined ? {} : { connectSrc });

  /** Host header values naming this server's own loopback address (set once bound). */
  /** @type {Set<string>} */
  const ownHosts = new Set();
  const server = createServer((req, res) => {
    const work = ready.then(() =>
      req.url?.split('?')[0] === LOCAL_PROFILES_PATH
        ? handleLocalProfiles(req, res, headers, ownHosts, localProfilesDir)
        : handle(req, res, rootDir, index, headers),
    );
    work.catch(() => {
      // Never leak internals: a failed read is a plain 500.
      if (!res.headersSent) send(res, 500, headers, 'Internal server error\n');
      else res.destroy();
    });
  });

  const boundPort = await listen(server, port, host).catch(async (/** @type {NodeJS.ErrnoException} */ error) => {
    if (error.code === 'EADDRINUSE' && !strictPort && port !== 0) return listen(server, 0, host);
    throw error;
  });

  const urlHost = host.includes(':') ? `[${host}]` : host;
  ownHosts.add(`${urlHost}:${boundPort}`);
  if (host === '127.0.0.1' || host === '::1') ownHosts.add(`localhost:${boundPort}`);
  return {
    url: `http://${urlHost}:${boundPort}/`,
    host,
    port: boundPort,
    close: () =>
      new Promise((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}

/**
 * @param {string} index
 * @param {string} rootDir
 */
async function requireBuild(index, rootDir) {
  const indexStat = await stat(index).catch(() => undefined);
  if (!indexStat?.isFile()) {
    throw new Error(`No built console at ${rootDir} (index.html missing). Run "npm run build" first.`);
  }
}

/**
 * @param {import('node:http').Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<number>} the bound port
 */
function listen(server, port, host) {
  return new Promise((resolveListen, rejectListen) => {
    /** @param {Error} error */
    const onError = (error) => {
      server.off('listening', onListening);
      rejectListen(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') rejectListen(new Error('server has no TCP address'));
      else resolveListen(address.port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} rootDir
 * @param {string} index
 * @param {Record<string, string>} headers
 */
async function handle(req, res, rootDir, index, headers) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, { ...headers, Allow: 'GET, HEAD' }, 'Method not allowed\n');
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://console.invalid').pathname);
  } catch {
    send(res, 400, headers, 'Bad request path\n');
    return;
  }
  const segments = pathname.split('/');
  if (pathname.includes('\0') || segments.some((s) => s === '..' || s.startsWith('.') || s.includes('\\'))) {
    send(res, 404, headers, 'Not found\n');
    return;
  }

  const candidate = resolve(rootDir, `.${pathname}`);
  if (candidate !== rootDir && !candidate.startsWith(rootDir + sep)) {
    send(res, 404, headers, 'Not found\n');
    return;
  }
  const found = await stat(candidate).catch(() => undefined);
  if (found?.isFile()) {
    await sendFile(req, res, candidate, found.size, headers, cacheControl(pathname, candidate === index));
    return;
  }
  // SPA fallback: a path without a file extension is a client-side route.
  const last = segments[segments.length - 1] ?? '';
  if (found?.isDirectory() || extname(last) === '') {
    const indexStat = await stat(index);
    await sendFile(req, res, index, indexStat.size, headers, 'no-store');
    return;
  }
  send(res, 404, headers, 'Not found\n');
}

/**
 * GET /local/site-profiles: the local cluster's profiles (they hold its admin token, which
 * is on disk beside them anyway), only to a same-origin fetch from this console: the
 * browser sets Sec-Fetch-Site (a page cannot forge it) and the Host must be this server's
 * own loopback address (a DNS-rebound name is refused). Everything else gets 403.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Record<string, string>} headers
 * @param {ReadonlySet<string>} ownHosts
 * @param {string | undefined} dir
 */
async function handleLocalProfiles(req, res, headers, ownHosts, dir) {
  if (req.method !== 'GET') {
    send(res, 405, { ...headers, Allow: 'GET' }, 'Method not allowed\n');
    return;
  }
  if (req.headers['sec-fetch-site'] !== 'same-origin' || !ownHosts.has(req.headers.host ?? '')) {
    send(res, 403, headers, 'Forbidden: local site profiles are for this console only\n');
    return;
  }
  /** @type {unknown[]} */
  const profiles = [];
  if (dir !== undefined) {
    const names = (await readdir(dir).catch(() => /** @type {string[]} */ ([]))).filter((n) => n.endsWith('.json')).sort();
    for (const name of names) profiles.push(JSON.parse(await readFile(join(dir, name), 'utf8')));
  }
  const body = JSON.stringify(profiles);
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/**
 * @param {string} pathname
 * @param {boolean} isIndex
 */
function cacheControl(pathname, isIndex) {
  if (isIndex || pathname.endsWith('.html')) return 'no-store';
  if (pathname.startsWith(IMMUTABLE_PREFIX)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} file
 * @param {number} size
 * @param {Record<string, string>} headers
 * @param {string} cache
 */
function sendFile(req, res, file, size, headers, cache) {
  res.writeHead(200, {
    ...headers,
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'Cache-Control': cache,
  });
  if (req.method === 'HEAD') {
    res.end();
    return Promise.resolve();
  }
  return new Promise((resolveSend, rejectSend) => {
    const stream = createReadStream(file);
    stream.on('error', rejectSend);
    res.on('close', () => resolveSend(undefined));
    stream.pipe(res);
  });
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {Record<string, string>} headers
 * @param {string} body
 */
function send(res, status, headers, body) {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/**
 * Stop `servers` (in reverse start order) on SIGINT/SIGTERM, then exit.
 * @param {Array<{ close: () => Promise<void> }>} servers
 */
export function closeOnSignals(servers) {
  let closing = false;
  /** @param {NodeJS.Signals} signal */
  const onSignal = (signal) => {
    if (closing) return;
    closing = true;
    const code = signal === 'SIGINT' ? 130 : 143;
    Promise.allSettled([...servers].reverse().map((s) => s.close())).then(
      () => process.exit(code),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/**
 * Parse a port from the command line or the environment.
 * @param {string | undefined} value
 * @param {number} fallback
 * @param {string} name what to call it in the error, e.g. "PORT"
 */
export function parsePort(value, fallback, name) {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new RangeError(`${name}: expected a port number 0..65535, got "${value}"`);
  }
  return port;
}

async function main() {
  const repoRoot = fileURLToPath(new URL('..', import.meta.url));
  const { values } = parseArgs({
    options: {
      root: { type: 'string', default: 'dist' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'strict-port': { type: 'boolean', default: false },
    },
  });
  const root = isAbsolute(values.root) ? values.root : join(repoRoot, values.root);
  const server = await serveConsole({
    root,
    port: parsePort(values.port ?? process.env['PORT'], 4173, '--port'),
    host: values.host,
    strictPort: values['strict-port'],
  });
  closeOnSignals([server]);
  process.stdout.write(`Keyferry console: ${server.url}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((/** @type {unknown} */ error) => {
    process.stderr.write(`serve-console: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
