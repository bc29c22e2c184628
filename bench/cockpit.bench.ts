// The session cockpit's liveness: how long from a node's state change to the cockpit
// showing it. What is measured, exactly:
//   - a real `keyferry cluster` and the console built into a temp dir, served as `npm start`
//     serves it; Chromium (as in e2e) opens /sessions once, connected to both sites;
//   - keygen sessions are run one after another on site main's three nodes through the
//     node API (POST /v1/sessions on each node, as three operators would);
//   - a "change" is one entry of a node's SessionView.history (waiting, agreed, running,
//     done): its `at`, written by the node's clock when the node changed state;
//   - "shown" is the first moment the cockpit's cell for that node and session
//     (td[data-node][data-cell-state]) holds that state or a later one, recorded in the
//     page by a MutationObserver as performance.timeOrigin + performance.now();
//   - latency = shown − at. Node and browser run on the same machine and both read the
//     system clock (the page's timeOrigin offset from Date.now() is reported too).
// A state the cockpit never displayed because a later one arrived in the same render
// counts with the time the later state appeared (it is reported how many did).
import { chromium } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import playwrightConfig from '../playwright.config.ts';
import { serveConsole } from '../scripts/serve-console.js';
import { createNodeClient } from '../src/client/node-client.ts';
import { newSessionId } from '../src/client/session-id.ts';
import { createNodeApis } from '../src/client/site-client.ts';
import type { JoinSession, SessionView } from '../src/protocol/session.ts';
import { SiteProfile } from '../src/protocol/site-profile.ts';
import { percentile, startCluster, vite, type Cluster } from './console.bench.ts';
import type { BenchResult } from './measure.ts';

const MIN_CHANGES = Number(process.env.BENCH_COCKPIT_CHANGES ?? 120);
const ORDER = ['waiting', 'agreed', 'running', 'done', 'failed'];

interface Seen {
  session: string;
  node: number;
  state: string;
  t: number;
}

declare global {
  interface Window {
    __cockpitSeen?: Seen[];
  }
}

/**
 * Runs in the page: records the first time each (session, node, state) shows in a cell.
 * Plain JavaScript text, so the bench's TypeScript transform adds nothing the page lacks.
 */
const OBSERVE_CELLS = `(() => {
  const seen = [];
  const known = new Set();
  window.__cockpitSeen = seen;
  const scan = () => {
    const t = performance.timeOrigin + performance.now();
    for (const td of document.querySelectorAll('tr[data-session] td[data-node]')) {
      const state = td.dataset.cellState;
      if (state === undefined || state === 'none') continue;
      const session = td.closest('tr').dataset.session;
      const key = session + '/' + td.dataset.node + '/' + state;
      if (known.has(key)) continue;
      known.add(key);
      seen.push({ session, node: Number(td.dataset.node), state, t });
    }
  };
  new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-cell-state'] });
  scan();
})()`;

const sessionsApi = createNodeApis(createNodeClient({ timeoutMs: 30_000 })).sessions;

export async function run(): Promise<BenchResult[]> {
  const tmp = mkdtempSync(join(tmpdir(), 'keyferry-bench-cockpit-'));
  let cluster: Cluster | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  const outDir = join(tmp, 'dist');
  await vite(outDir);
  const home = join(tmp, 'home');
  const server = await serveConsole({ root: outDir, port: 0, localProfilesDir: join(home, 'sites') });
  try {
    cluster = await startCluster(home, new URL(server.url).origin);
    const main = SiteProfile.parse(JSON.parse(readFileSync(join(home, 'sites', 'main.json'), 'utf8')));
    browser = await chromium.launch(playwrightConfig.use?.launchOptions);
    const page = await (await browser.newContext()).newPage();
    await page.goto(new URL('/sessions', server.url).href);
    // Live on every node: the summary no longer says it is still reading.
    await page.waitForFunction(() => /^0 of 0 sessions shown\.$/.test(document.querySelector('[aria-label="Sessions summary"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await page.evaluate(OBSERVE_CELLS);
    const clockOffsetMs = await page.evaluate(() => Date.now() - (performance.timeOrigin + performance.now()));

    const latencies: number[] = [];
    const byState: Record<string, number[]> = {};
    let skipped = 0;
    let sessions = 0;
    while (latencies.length < MIN_CHANGES) {
      const id = newSessionId();
      const body: JoinSession = { sessionId: id, kind: 'keygen', parameters: { curve: 'secp256k1', keyId: `bench-${id.slice(0, 8)}` }, timeoutMs: 10_000 };
      await Promise.all(main.nodes.map((n) => sessionsApi.join(n, body)));
      sessions++;
      // Until every node is done and the cockpit shows it.
      let views: SessionView[] = [];
      for (const deadline = Date.now() + 30_000; ; ) {
        views = await Promise.all(main.nodes.map((n) => sessionsApi.get(n, id)));
        if (views.every((v) => v.state === 'done' || v.state === 'failed')) break;
        if (Date.now() > deadline) throw new Error(`session ${id} did not finish`);
        await new Promise((r) => setTimeout(r, 50));
      }
      if (views.some((v) => v.state === 'failed')) throw new Error(`session ${id} failed: ${JSON.stringify(views.map((v) => v.failure))}`);
      await page.waitForFunction(
        ([sid, n]) => (window.__cockpitSeen ?? []).filter((s) => s.session === sid && s.state === 'done').length === n,
        [id, main.nodes.length] as const,
        { timeout: 30_000 },
      );
      const seen = (await page.evaluate(() => window.__cockpitSeen ?? [])).filter((s) => s.session === id);
      for (const v of views) {
        for (const h of v.history) {
          const rank = ORDER.indexOf(h.state);
          const shown = seen.filter((s) => s.node === v.node && ORDER.indexOf(s.state) >= rank).map((s) => s.t);
          if (shown.length === 0) throw new Error(`node ${v.node} ${h.state} never shown`);
          if (!seen.some((s) => s.node === v.node && s.state === h.state)) skipped++;
          const ms = Math.min(...shown) - Date.parse(h.at);
          latencies.push(ms);
          (byState[h.state] ??= []).push(ms);
        }
      }
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const states = Object.fromEntries(
      Object.entries(byState).map(([state, v]) => {
        const s = [...v].sort((a, b) => a - b);
        return [state, { n: s.length, medianMs: Math.round(percentile(s, 50)), p95Ms: Math.round(percentile(s, 95)) }];
      }),
    );
    const detail = {
      meaning: "node's SessionView.history[].at of a state change → first time the cockpit's cell for that node shows that state (or a later one), MutationObserver time in the page",
      changes: latencies.length,
      sessions,
      nodes: main.nodes.length,
      notDisplayedSupersededBySameRender: skipped,
      byState: states,
      minMs: Math.round(sorted[0]!),
      maxMs: Math.round(sorted.at(-1)!),
      pageClockOffsetFromDateNowMs: Math.round(clockOffsetMs * 10) / 10,
    };
    return [
      { name: 'cockpit.stateChangeShown.median', value: percentile(sorted, 50), unit: 'ms', detail },
      { name: 'cockpit.stateChangeShown.p95', value: percentile(sorted, 95), unit: 'ms', detail: { changes: latencies.length } },
    ];
  } finally {
    await browser?.close();
    await cluster?.stop();
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
