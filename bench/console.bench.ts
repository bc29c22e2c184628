// The console as an operator meets it: how much JavaScript the first page costs (gzip -9
// of the entry script and the modulepreloads index.html names — lazily imported chunks
// are not counted), and how long from navigation start until the dashboard shows all six
// nodes of the local cluster as reachable. The console is built into a temp directory and
// served as `npm start` serves it (scripts/serve-console.js, local profiles of a real
// `keyferry cluster`); Chromium as in e2e (launch options from playwright.config.ts).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import playwrightConfig from '../playwright.config.ts';
import { serveConsole } from '../scripts/serve-console.js';
import { startCluster as startClusterProcess, type ClusterProcess } from '../src/node/cluster/cluster-process.ts';
import type { BenchResult } from './measure.ts';

const REPO = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 15);
const NODES = 6;

const gzipBytes = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

export function vite(outDir: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`vite build exited ${code}:\n${err}`))));
  });
}

/** The scripts index.html makes the browser load before any code runs: entry modules and modulepreloads. */
export function initialScripts(html: string): string[] {
  const urls = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
    if (/^<script/i.test(tag) && attr('type') === 'module' && attr('src')) urls.add(attr('src')!);
    if (/^<link/i.test(tag) && attr('rel') === 'modulepreload' && attr('href')) urls.add(attr('href')!);
  }
  return [...urls];
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export type Cluster = ClusterProcess;

/** `keyferry cluster` in `home`, allowing the console's origin (also used by cockpit.bench.ts). */
export function startCluster(home: string, consoleOrigin: string): Promise<Cluster> {
  return startClusterProcess({ home, consoleOrigins: [consoleOrigin] });
}

export async function run(): Promise<BenchResult[]> {
  const tmp = mkdtempSync(join(tmpdir(), 'keyferry-bench-console-'));
  try {
    const outDir = join(tmp, 'dist');
    await vite(outDir);

    // ---- size ----
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const initial = initialScripts(html);
    const initialFiles = initial.map((url) => ({ url, gzip: gzipBytes(join(outDir, url.replace(/^\//, ''))) }));
    const initialGzip = initialFiles.reduce((sum, f) => sum + f.gzip, 0);
    const allJs = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
    const totalGzip = allJs.reduce((sum, f) => sum + gzipBytes(join(outDir, 'assets', f)), 0);
    const results: BenchResult[] = [
      {
        name: 'console.initialJsGzip',
        value: initialGzip,
        unit: 'bytes',
        detail: { meaning: 'gzip -9 of the module scripts and modulepreloads in index.html (lazy chunks not counted)', files: initialFiles },
      },
      { name: 'console.totalJsGzip', value: totalGzip, unit: 'bytes', detail: { meaning: 'gzip -9 of every .js under assets/, lazy chunks and workers included', files: allJs.length } },
    ];

    // ---- time until six nodes are reachable ----
    const home = join(tmp, 'home');
    const server = await serveConsole({ root: outDir, port: 0, localProfilesDir: join(home, 'sites') });
    let cluster: Cluster | undefined;
    let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
    try {
      cluster = await startCluster(home, new URL(server.url).origin);
      browser = await chromium.launch(playwrightConfig.use?.launchOptions);
      const sinceNavigation: number[] = [];
      const wallClock: number[] = [];
      const loadedJs = new Set<string>();
      // One warm-up run (the nodes' first TLS-less connections, Chromium's first page), then RUNS measured.
      for (let i = 0; i <= RUNS; i++) {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          page.on('response', (r) => {
            if (r.url().startsWith(server.url) && r.url().endsWith('.js')) loadedJs.add(new URL(r.url()).pathname);
          });
          const start = performance.now();
          await page.goto(server.url);
          // performance.now() in the page counts from navigation start (its timeOrigin).
          const reachedAt = await page.waitForFunction((n) => (document.querySelectorAll('tr[data-state="reachable"]').length === n ? performance.now() : false), NODES, {
            timeout: 30_000,
          });
          const inPage = (await reachedAt.jsonValue()) as number;
          const wall = performance.now() - start;
          if (i > 0) {
            sinceNavigation.push(inPage);
            wallClock.push(wall);
          }
        } finally {
          await context.close();
        }
      }
      const sorted = [...sinceNavigation].sort((a, b) => a - b);
      const wallSorted = [...wallClock].sort((a, b) => a - b);
      const detail = {
        runs: RUNS,
        meaning: 'fresh browser context each run; from navigation start (the page\'s performance.now()) until 6 rows have data-state="reachable"',
        samplesMs: sinceNavigation.map((v) => Math.round(v)),
        wallClockFromGotoMs: { median: Math.round(percentile(wallSorted, 50)), p95: Math.round(percentile(wallSorted, 95)) },
        jsLoadedGzipBytes: [...loadedJs].reduce((sum, url) => sum + gzipBytes(join(outDir, url.replace(/^\//, ''))), 0),
        jsLoaded: [...loadedJs].sort(),
      };
      results.push(
        { name: 'console.sixNodesReachable.median', value: percentile(sorted, 50), unit: 'ms', detail },
        { name: 'console.sixNodesReachable.p95', value: percentile(sorted, 95), unit: 'ms', detail: { runs: RUNS } },
      );
    } finally {
      await browser?.close();
      await cluster?.stop();
      await server.close();
    }
    return results;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
