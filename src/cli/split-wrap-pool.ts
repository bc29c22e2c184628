// The CLI's split-and-wrap pool (issue 13): a SplitWrapper (src/client/bulk-import.ts) on
// worker_threads, one worker per core, so `keyferry import-many` reads and wraps keys on
// every core while the site imports the batch before. A batch is cut into chunks, one
// message each; a key's text travels as UTF-8 bytes moved to the worker (never copied) and
// wiped there after use. The worker file is found beside this module: src/cli/*.ts under
// tsx (vitest, `npm run`), build/split-wrap-worker.js in the compiled CLI.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BulkKeyInput, SplitWrapper, WrapTarget, WrappedKey } from '../client/bulk-import.ts';
import type { WrapChunk, WrapChunkResult } from './split-wrap-worker.ts';

export interface SplitWrapPoolOptions {
  /** Worker threads; default one per core. */
  workers?: number;
  /** Keys per message to a worker; default 16. */
  chunkSize?: number;
}

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * How to start a worker: the compiled build/split-wrap-worker.js as it is; from source, a
 * two-line shim that registers tsx's loader inside the worker and then imports the .ts
 * file (Node 20 does not apply `--import tsx` from a worker's execArgv to its entry).
 */
function workerEntry(): { script: URL | string; eval: boolean } {
  if (!FROM_SOURCE) return { script: new URL('./split-wrap-worker.js', import.meta.url), eval: false };
  // tsx's ESM API (its "import" export; require.resolve would give the CommonJS one).
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const source = new URL('./split-wrap-worker.ts', import.meta.url).href;
  return { script: `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`, eval: true };
}

interface Pending {
  resolve: (r: WrappedKey[]) => void;
  reject: (e: Error) => void;
}

export function createSplitWrapPool(options: SplitWrapPoolOptions = {}): SplitWrapper & { readonly size: number; close(): void } {
  const size = Math.max(1, options.workers ?? availableParallelism());
  const chunkSize = Math.max(1, options.chunkSize ?? 16);
  const entry = workerEntry();
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let closed = false;
  const workers: Worker[] = [];
  /** Chunks in flight per worker, to give the next chunk to the least busy. */
  const load: number[] = [];
  const owner = new Map<number, number>();

  const fail = (w: number, error: Error) => {
    for (const [id, p] of pending) {
      if (owner.get(id) === w) {
        pending.delete(id);
        owner.delete(id);
        p.reject(error);
      }
    }
  };

  const start = (w: number): Worker => {
    const worker = new Worker(entry.script, { eval: entry.eval });
    worker.unref();
    worker.on('message', (m: WrapChunkResult | { id: number; error: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      owner.delete(m.id);
      load[w]!--;
      if ('error' in m) p.reject(new Error(`split-and-wrap worker: ${m.error}`));
      else p.resolve(m.results);
    });
    worker.on('error', (e) => fail(w, new Error(`split-and-wrap worker ${w + 1} failed: ${e.message}`)));
    worker.on('exit', (code) => {
      if (!closed) fail(w, new Error(`split-and-wrap worker ${w + 1} exited (code ${code})`));
      workers[w] = undefined!;
    });
    return worker;
  };

  const send = (chunk: Omit<WrapChunk, 'id'>): Promise<WrappedKey[]> => {
    if (closed) return Promise.reject(new Error('the split-and-wrap pool is closed'));
    let w = 0;
    for (let i = 0; i < size; i++) {
      if (workers[i] === undefined) {
        workers[i] = start(i);
        load[i] = 0;
      }
      if (load[i]! < load[w]!) w = i;
    }
    const id = nextId++;
    load[w]!++;
    owner.set(id, w);
    const message: WrapChunk = { id, ...chunk };
    return new Promise<WrappedKey[]>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      workers[w]!.ref();
      workers[w]!.postMessage(message, message.items.map((i) => i.key.buffer as ArrayBuffer));
    }).finally(() => {
      if (load[w] === 0) workers[w]?.unref();
    });
  };

  return {
    size,
    async wrap(items: readonly BulkKeyInput[], targets: readonly WrapTarget[], threshold: number): Promise<WrappedKey[]> {
      const encoder = new TextEncoder();
      const chunks: Array<Promise<WrappedKey[]>> = [];
      for (let i = 0; i < items.length; i += chunkSize) {
        const part = items.slice(i, i + chunkSize).map((item) => ({
          keyId: item.keyId,
          source: item.source,
          key: encoder.encode(item.key),
          ...(item.chainCode === undefined ? {} : { chainCode: item.chainCode }),
        }));
        chunks.push(send({ items: part, targets: [...targets], threshold }));
      }
      return (await Promise.all(chunks)).flat();
    },
    close() {
      closed = true;
      for (const w of workers) void w?.terminate();
      for (const [, p] of pending) p.reject(new Error('the split-and-wrap pool was closed'));
      pending.clear();
    },
  };
}
