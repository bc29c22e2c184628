// Split+wrap as the import wizard does it — in the console's own Web Worker
// (src/console/workers/split-wrap.worker.ts, as built) in Chromium, spoken to in the
// console's job protocol (src/console/workers/job-protocol.ts) — beside raw in-browser
// RSA-OAEP-SHA256 encryption with the same RSA-3072 keys, as a ratio per share.
// Throughput keeps one worker busy with back-to-back keys (secp256k1, n = 3, t = 1); each
// request parses its wrapping keys afresh, as the wizard's does. The wizard's single call
// also starts and stops a worker, measured separately.
import { chromium } from '@playwright/test';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import playwrightConfig from '../playwright.config.ts';
import { serveConsole } from '../scripts/serve-console.js';
import type { JobAnswer, JobRequest } from '../src/console/workers/job-protocol.ts';
import type { ConsoleJobs } from '../src/console/workers/console-jobs.ts';
import { percentile, vite } from './console.bench.ts';
import type { BenchResult } from './measure.ts';

const NODES = 3;
const MIN_MILLIS = 3000;
const SINGLE_CALLS = 20;

interface InPage {
  keysPerSecond: number;
  keys: number;
  encryptionsPerSecond: number;
  encryptions: number;
  singleCallMs: number[];
}

export async function run(): Promise<BenchResult[]> {
  const tmp = mkdtempSync(join(tmpdir(), 'keyferry-bench-browser-'));
  const outDir = join(tmp, 'dist');
  await vite(outDir);
  const worker = readdirSync(join(outDir, 'assets')).find((f) => /^split-wrap\.worker-.*\.js$/.test(f));
  if (worker === undefined) throw new Error('the build has no split-wrap worker');
  const server = await serveConsole({ root: outDir, port: 0 });
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
  try {
    const page = await browser.newPage();
    // tsx compiles this file with esbuild's keepNames, which wraps named functions in
    // __name(); the page evaluates them too, so it needs that (identity) helper.
    await page.addInitScript('globalThis.__name = (f) => f');
    await page.goto(server.url);
    const measured = await page.evaluate(
      async ({ workerUrl, nodes, minMillis, singleCalls }): Promise<InPage> => {
        const subtle = crypto.subtle;
        const toBase64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
        const pairs = await Promise.all(
          Array.from({ length: nodes }, () =>
            subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, false, ['encrypt', 'decrypt']),
          ),
        );
        const wrappingKeys = await Promise.all(pairs.map(async (p) => toBase64(await subtle.exportKey('spki', p.publicKey))));
        const scalarHex = () => {
          const b = crypto.getRandomValues(new Uint8Array(32));
          b[0] = 0x01; // well below the secp256k1 order
          return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
        };
        let nextId = 1;
        const request = (): JobRequest<ConsoleJobs, 'split-wrap'> => ({
          id: nextId++,
          job: 'split-wrap',
          input: { input: scalarHex(), options: { curve: 'secp256k1' }, threshold: 1, wrappingKeys },
        });
        const call = (w: Worker) =>
          new Promise<void>((resolve, reject) => {
            const sent = request();
            w.onmessage = (e: MessageEvent<JobAnswer>) => {
              if (e.data.id !== sent.id) return reject(new Error(`answer ${e.data.id} to request ${sent.id}`));
              if (e.data.ok) resolve();
              else reject(new Error(`${e.data.failure.code}: ${e.data.failure.message}`));
            };
            w.postMessage(sent);
          });

        // Throughput: one worker, keys back to back.
        const w = new Worker(workerUrl, { type: 'module' });
        for (let i = 0; i < 3; i++) await call(w);
        let keys = 0;
        let start = performance.now();
        while (performance.now() - start < minMillis) {
          await call(w);
          keys++;
        }
        const keysPerSecond = (keys * 1000) / (performance.now() - start);
        w.terminate();

        // Raw RSA-OAEP-SHA256 encryption of a 32-byte share with the same keys.
        const share = crypto.getRandomValues(new Uint8Array(32));
        for (let i = 0; i < 10; i++) await subtle.encrypt({ name: 'RSA-OAEP' }, pairs[i % nodes]!.publicKey, share);
        let encryptions = 0;
        start = performance.now();
        while (performance.now() - start < minMillis) {
          await subtle.encrypt({ name: 'RSA-OAEP' }, pairs[encryptions % nodes]!.publicKey, share);
          encryptions++;
        }
        const encryptionsPerSecond = (encryptions * 1000) / (performance.now() - start);

        // The wizard's call: a fresh worker per key, terminated after it.
        const singleCallMs: number[] = [];
        for (let i = 0; i < singleCalls; i++) {
          const t0 = performance.now();
          const fresh = new Worker(workerUrl, { type: 'module' });
          await call(fresh);
          fresh.terminate();
          singleCallMs.push(performance.now() - t0);
        }
        return { keysPerSecond, keys, encryptionsPerSecond, encryptions, singleCallMs };
      },
      { workerUrl: `/assets/${worker}`, nodes: NODES, minMillis: MIN_MILLIS, singleCalls: SINGLE_CALLS },
    );
    const single = [...measured.singleCallMs].sort((a, b) => a - b);
    const ratio = (measured.keysPerSecond * NODES) / measured.encryptionsPerSecond;
    const setup = { curve: 'secp256k1', nodes: NODES, threshold: 1, rsaBits: 3072, browser: 'Chromium (playwright.config.ts launch options)' };
    return [
      { name: 'browser.splitWrapWorker', value: measured.keysPerSecond, unit: 'keys/s', detail: { ...setup, keys: measured.keys, meaning: 'one worker kept busy; each key parsed, split and its 3 shares wrapped' } },
      { name: 'browser.rsaOaepEncrypt', value: measured.encryptionsPerSecond, unit: 'encryptions/s', detail: { ...setup, encryptions: measured.encryptions, plaintextBytes: 32 } },
      {
        name: 'browser.splitWrapWorker.perShareVsRawOaep',
        value: ratio,
        unit: 'ratio',
        detail: { meaning: '(keys/s × shares per key) / raw RSA-OAEP encryptions/s; 1 would mean only the RSA encryption costs anything' },
      },
      { name: 'browser.splitWrapWorker.singleCall.median', value: percentile(single, 50), unit: 'ms', detail: { calls: SINGLE_CALLS, meaning: 'start a worker, split+wrap one key, stop the worker (the wizard\'s call)' } },
    ];
  } finally {
    await browser.close();
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
