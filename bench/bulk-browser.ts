// The console's bulk split-and-wrap in Chromium (issue 13, bulk.browserSplitWrap.*): the
// worker pool (src/console/workers/split-wrap-pool.ts) and its worker entry
// (bulk-split-wrap.worker.ts), bundled with esbuild from the same sources Vite builds, run
// in the page on 10,000 secp256k1 keys generated there (hex scalars, n = 3 nodes with
// RSA-3072 wrapping keys, t = 1), fed in batches of 250 as importMany feeds it. In the same
// run, on one core: the browser's RSA-OAEP-3072 encrypt rate and its EC public-key
// derivation rate (the core's publicKeyFromScalar, which every key read costs once); the
// bound is cores ÷ (n ÷ encrypt rate + 1 ÷ derive rate) keys/s.
//
// Heap: the page's JS heap (CDP Performance.getMetrics JSHeapUsedSize sampled from outside),
// peak during a 1,000-key run and during a 10,000-key run. heapRatio uses live samples (a
// GC forced before each, every 200 ms: what the page holds); rawHeapRatio the peak without
// forced GCs (garbage included). The workers' heaps are not in it (no CDP session reaches
// them from Playwright); each worker holds at most `depth` chunks, whatever the run's length.
// measureBrowserSplitWrap() returns the figures by name; bulk.bench.ts reports them.
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import playwrightConfig from '../playwright.config.ts';
import { serveConsole } from '../scripts/serve-console.js';

const ROOT = join(import.meta.dirname, '..');
const NODES = 3;
const THRESHOLD = 1;
const KEYS = 10_000;
const SMALL_RUN = 1_000;
const BATCH = 250;
const RATE_MILLIS = 2500;

/** What the bundled page script puts on globalThis for page.evaluate to use. */
const PAGE_ENTRY = `
import { createSplitWrapPool } from './src/console/workers/split-wrap-pool.ts';
import { getCurve, publicKeyFromScalar } from './src/crypto/curves.ts';
globalThis.keyferryBench = { createSplitWrapPool, getCurve, publicKeyFromScalar };
`;

async function bundle(outDir: string): Promise<void> {
  const common = { bundle: true, format: 'esm', target: 'es2022', minify: true, platform: 'browser', logLevel: 'error' } as const;
  await build({ ...common, stdin: { contents: PAGE_ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'bulk-bench-page.ts' }, outfile: join(outDir, 'bench.js') });
  await build({ ...common, entryPoints: [join(ROOT, 'src/console/workers/bulk-split-wrap.worker.ts')], outfile: join(outDir, 'bulk-split-wrap.worker.js') });
  writeFileSync(join(outDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bulk bench</title><script type="module" src="/bench.js"></script>\n');
}

/**
 * Samples the page's JS heap until stopped; the peak in bytes. `live` forces a GC before each
 * sample, so the figure is what the page holds, not garbage the collector has not reached yet.
 */
function heapSampler(cdp: CDPSession, live: boolean): { stop: () => Promise<number> } {
  let peak = 0;
  let running = true;
  const sample = async () => {
    if (live) await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    peak = Math.max(peak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
  };
  const loop = (async () => {
    while (running) {
      await sample();
      await new Promise((r) => setTimeout(r, live ? 200 : 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await sample();
      return peak;
    },
  };
}

interface RunResult {
  keys: number;
  millis: number;
  failed: number;
  timings: { read: number; split: number; encrypt: number; encode: number; total: number; chunks: number };
  size: number;
}

/** The pool over `keys` generated keys, `batch` at a time; results counted and dropped. */
function runPool(page: Page, keys: number, workers?: number): Promise<RunResult> {
  return page.evaluate(
    async ({ keys, batch, threshold, workers }) => {
      const g = globalThis as unknown as { keyferryBench: { createSplitWrapPool: (o: object) => any }; benchTargets: unknown[] };
      const pool = g.keyferryBench.createSplitWrapPool({ ...(workers === undefined ? {} : { size: workers }), spawn: () => new Worker('/bulk-split-wrap.worker.js', { type: 'module', name: 'bulk-split-wrap' }), profile: true });
      const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      let failed = 0;
      const t0 = performance.now();
      for (let from = 0; from < keys; from += batch) {
        const items = Array.from({ length: Math.min(batch, keys - from) }, (_, i) => {
          const b = crypto.getRandomValues(new Uint8Array(32));
          b[0] = 0x01; // below the secp256k1 order
          return { keyId: `bench-${from + i}`, source: `bench:${from + i}`, key: hex(b) };
        });
        const results: Array<{ error?: string }> = await pool.wrap(items, g.benchTargets, threshold);
        for (const r of results) if (r.error !== undefined) failed++;
      }
      const millis = performance.now() - t0;
      const timings = pool.timings();
      const size = pool.size;
      pool.close();
      return { keys, millis, failed, timings, size };
    },
    { keys, batch: BATCH, threshold: THRESHOLD, workers },
  );
}

export async function measureBrowserSplitWrap(): Promise<Record<string, number>> {
  const tmp = mkdtempSync(join(tmpdir(), 'keyferry-bench-bulk-browser-'));
  const outDir = join(tmp, 'root');
  await bundle(outDir);
  const server = await serveConsole({ root: outDir, port: 0 });
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
  try {
    const page = await browser.newPage();
    // tsx compiles this file with esbuild's keepNames, which wraps named functions in
    // __name(); the page evaluates them too, so it needs that (identity) helper.
    await page.addInitScript('globalThis.__name = (f) => f');
    await page.goto(server.url);
    await page.waitForFunction(() => 'keyferryBench' in globalThis);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    // The nodes' wrapping keys, and the two one-core rates the bound is made of.
    const rates = await page.evaluate(
      async ({ nodes, minMillis }) => {
        const subtle = crypto.subtle;
        const pairs = await Promise.all(
          Array.from({ length: nodes }, () => subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, false, ['encrypt', 'decrypt'])),
        );
        const toBase64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
        const toHex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (x) => x.toString(16).padStart(2, '0')).join('');
        const targets = await Promise.all(
          pairs.map(async (p, i) => {
            const spki = await subtle.exportKey('spki', p.publicKey);
            return { index: i + 1, spki: toBase64(spki), fingerprint: toHex(await subtle.digest('SHA-256', spki)) };
          }),
        );
        (globalThis as unknown as { benchTargets: unknown }).benchTargets = targets;

        const share = crypto.getRandomValues(new Uint8Array(32));
        for (let i = 0; i < 20; i++) await subtle.encrypt({ name: 'RSA-OAEP' }, pairs[i % nodes]!.publicKey, share);
        let encryptions = 0;
        let start = performance.now();
        while (performance.now() - start < minMillis) {
          await subtle.encrypt({ name: 'RSA-OAEP' }, pairs[encryptions % nodes]!.publicKey, share);
          encryptions++;
        }
        const encryptPerSecond = (encryptions * 1000) / (performance.now() - start);

        const bench = (globalThis as unknown as { keyferryBench: { getCurve: (n: string) => unknown; publicKeyFromScalar: (c: unknown, s: Uint8Array) => Uint8Array } }).keyferryBench;
        const curve = bench.getCurve('secp256k1');
        const scalars = Array.from({ length: 256 }, () => {
          const b = crypto.getRandomValues(new Uint8Array(32));
          b[0] = 0x01;
          return b;
        });
        for (let i = 0; i < 50; i++) bench.publicKeyFromScalar(curve, scalars[i % 256]!);
        let derivations = 0;
        start = performance.now();
        while (performance.now() - start < minMillis) {
          bench.publicKeyFromScalar(curve, scalars[derivations % 256]!);
          derivations++;
        }
        const derivePerSecond = (derivations * 1000) / (performance.now() - start);
        return { encryptPerSecond, derivePerSecond, cores: navigator.hardwareConcurrency };
      },
      { nodes: NODES, minMillis: RATE_MILLIS },
    );

    await runPool(page, 200); // warm-up: workers started, code compiled
    const measured = async (keys: number, live: boolean) => {
      await cdp.send('HeapProfiler.collectGarbage');
      const sampler = heapSampler(cdp, live);
      const run = await runPool(page, keys);
      return { run, peak: await sampler.stop() };
    };
    // Throughput (heap sampled without forcing GCs), then the live heap of a short and a long run.
    const large = await measured(KEYS, false);
    const liveSmall = await measured(SMALL_RUN, true);
    const liveLarge = await measured(KEYS, true);
    const rawSmall = await measured(SMALL_RUN, false);
    const oneWorker = await runPool(page, 2000, 1);
    const failed = [large, liveSmall, liveLarge, rawSmall].reduce((n, m) => n + m.run.failed, 0) + oneWorker.failed;
    if (failed > 0) throw new Error(`bulk browser bench: ${failed} keys failed to split and wrap`);

    const keysPerSecond = (large.run.keys * 1000) / large.run.millis;
    const cores = Math.max(1, rates.cores);
    const bound = cores / (NODES / rates.encryptPerSecond + 1 / rates.derivePerSecond);
    const t = large.run.timings;
    const share = (x: number) => (t.total > 0 ? x / t.total : 0);
    return {
      'bulk.browserSplitWrap.keysPerSecond': keysPerSecond,
      'bulk.browserSplitWrap.vsBound': keysPerSecond / bound,
      'bulk.browserSplitWrap.heapRatio': liveLarge.peak / liveSmall.peak,
      'bulk.browserSplitWrap.boundKeysPerSecond': bound,
      'bulk.browserSplitWrap.rsaOaepEncryptPerSecond': rates.encryptPerSecond,
      'bulk.browserSplitWrap.ecDerivePerSecond': rates.derivePerSecond,
      'bulk.browserSplitWrap.cores': cores,
      'bulk.browserSplitWrap.workers': large.run.size,
      'bulk.browserSplitWrap.oneWorkerKeysPerSecond': (oneWorker.keys * 1000) / oneWorker.millis,
      'bulk.browserSplitWrap.liveHeapMegabytes1k': liveSmall.peak / 2 ** 20,
      'bulk.browserSplitWrap.liveHeapMegabytes10k': liveLarge.peak / 2 ** 20,
      // Peak used heap without forced GCs: grows with the run's length as garbage waits longer for the collector.
      'bulk.browserSplitWrap.rawHeapRatio': large.peak / rawSmall.peak,
      // Where a worker's time goes (summed over the workers; shares of the time inside chunks).
      'bulk.browserSplitWrap.workerShare.read': share(t.read),
      'bulk.browserSplitWrap.workerShare.split': share(t.split),
      'bulk.browserSplitWrap.workerShare.encrypt': share(t.encrypt),
      'bulk.browserSplitWrap.workerShare.encode': share(t.encode),
      // Worker-busy milliseconds per key against wall time per key × workers: 1 means no worker ever waited.
      'bulk.browserSplitWrap.workerBusy': t.total / (large.run.millis * large.run.size),
    };
  } finally {
    await browser.close();
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
