// Test fixtures: a console served from dist/ exactly as `npm start` serves it (with the
// local site profiles of a per-worker cluster home), a real local cluster for tests that
// ask for one, and a guard on every page that fails the test on a request to anything but
// the console and that cluster's nodes, a CSP violation or an uncaught error.
import { expect, test as base, type ConsoleMessage } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveConsole, type ConsoleServer } from '../scripts/serve-console.js';
import { withCluster } from '../src/node/cluster/cluster-process.ts';
import { SiteProfile } from '../src/protocol/site-profile.ts';

// KEYFERRY_E2E_DIST: serve another build (e.g. `vite build --outDir /tmp/x`), so two e2e runs
// on one checkout do not empty each other's dist/.
const DIST = process.env.KEYFERRY_E2E_DIST ?? fileURLToPath(new URL('../dist/', import.meta.url));

/** The console server plus the cluster home whose profiles it offers at /local/site-profiles. */
export interface E2eConsole extends ConsoleServer {
  clusterHome: string;
}

export interface LocalCluster {
  home: string;
  /** The site profiles the cluster wrote (sites main and failover). */
  profiles: SiteProfile[];
}

interface WorkerFixtures {
  consoleServer: E2eConsole;
  cluster: LocalCluster;
}

interface TestFixtures {
  pageGuard: void;
  /** Console messages a test expects (e.g. the browser's own line for a refused token). */
  expectedConsoleErrors: RegExp[];
}

/** Site profiles in a cluster home, if it has been created. */
function readProfiles(home: string): SiteProfile[] {
  const dir = join(home, 'sites');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => SiteProfile.parse(JSON.parse(readFileSync(join(dir, n), 'utf8'))));
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  consoleServer: [
    async ({}, use) => {
      if (!existsSync(join(DIST, 'index.html'))) {
        throw new Error('dist/index.html missing: run "npm run test:e2e" (builds first) or "npm run build".');
      }
      // The home does not exist until a test asks for `cluster`: until then the console
      // server offers no local profiles (an empty list).
      const tmp = mkdtempSync(join(tmpdir(), 'keyferry-e2e-'));
      const clusterHome = join(tmp, 'home');
      const server = await serveConsole({ root: DIST, port: 0, localProfilesDir: join(clusterHome, 'sites') });
      await use({ ...server, clusterHome });
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],

  // `keyferry cluster` (two sites of 3 real nodes) in the console server's cluster home,
  // allowing the console's origin by CORS. The console is started first, so its origin is known.
  cluster: [
    async ({ consoleServer }, use) => {
      const home = consoleServer.clusterHome;
      const consoleOrigins = [new URL(consoleServer.url).origin];
      await withCluster({ home, consoleOrigins, readyTimeoutMs: 60_000 }, () => use({ home, profiles: readProfiles(home) }));
    },
    { scope: 'worker', timeout: 90_000 },
  ],

  baseURL: async ({ consoleServer }, use) => {
    await use(consoleServer.url);
  },

  expectedConsoleErrors: [[], { option: true }],

  pageGuard: [
    async ({ page, consoleServer, expectedConsoleErrors }, use) => {
      const origin = new URL(consoleServer.url).origin;
      // The local cluster's nodes, when this worker runs one: the dashboard talks to them.
      const nodeOrigins = () => readProfiles(consoleServer.clusterHome).flatMap((p) => p.nodes.map((n) => new URL(n.url).origin));
      const problems: string[] = [];
      page.on('request', (request) => {
        const url = request.url();
        const allowed = [origin, ...nodeOrigins()];
        if (!allowed.some((o) => url.startsWith(`${o}/`)) && !url.startsWith('data:') && !url.startsWith('blob:')) {
          problems.push(`request to another origin: ${url}`);
        }
      });
      page.on('console', (message: ConsoleMessage) => {
        if (expectedConsoleErrors.some((re) => re.test(message.text()))) return;
        if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
          problems.push(`console ${message.type()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      await use();
      expect(problems, 'third-party requests, CSP violations or page errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
