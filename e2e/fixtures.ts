// Test fixtures: a console served from dist/ exactly as `npm start` serves it, and a
// guard on every page that fails the test on a third-party request, a CSP violation or
// an uncaught error — the console's promises, checked on every test.
import { expect, test as base, type ConsoleMessage } from '@playwright/test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveConsole, type ConsoleServer } from '../scripts/serve-console.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

interface WorkerFixtures {
  consoleServer: ConsoleServer;
}

interface TestFixtures {
  pageGuard: void;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  consoleServer: [
    async ({}, use) => {
      if (!existsSync(`${DIST}index.html`)) {
        throw new Error('dist/index.html missing: run "npm run test:e2e" (builds first) or "npm run build".');
      }
      const server = await serveConsole({ root: DIST, port: 0 });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  baseURL: async ({ consoleServer }, use) => {
    await use(consoleServer.url);
  },

  pageGuard: [
    async ({ page, consoleServer }, use) => {
      const origin = new URL(consoleServer.url).origin;
      const problems: string[] = [];
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) {
          problems.push(`request to another origin: ${url}`);
        }
      });
      page.on('console', (message: ConsoleMessage) => {
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
