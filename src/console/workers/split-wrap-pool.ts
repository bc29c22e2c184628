// The console's bulk split-and-wrap: a pool of long-lived workers (one per core, as
// navigator.hardwareConcurrency says, at least one) that importMany (src/client/bulk-import.ts)
// drives as its SplitWrapper. Keys go to the workers in chunks — one message per chunk, not
// per key — and each worker keeps a chunk queued behind the one it is working on, so no
// worker waits for the page between chunks. Results come back in input order with their byte
// buffers transferred. The pool holds no key of its own: a chunk's plaintext lives only in
// its message until the worker answers, so at most `size × depth` chunks are ever in flight.
// Workers speak the console's job protocol (job-protocol.ts, worker-client.ts, serve-jobs.ts)
// and stay up between batches, so each imports the nodes' wrapping keys once.
import type { BulkKeyInput, SplitWrapper, WrapTarget } from '../features/bulk-import/bulk-contract.ts';
import type { ChunkKeyResult, ChunkTimings, SplitWrapChunkRequest, SplitWrapChunkResult } from '../features/bulk-import/split-wrap-chunk.ts';
import { connectWorker, type JobWorker, type WorkerEndpoint } from './worker-client.ts';

/** The pool's one job; its own map, so the single-call jobs (run-job.ts) stay as they are. */
export type BulkJobs = {
  'bulk-split-wrap': { input: SplitWrapChunkRequest; output: SplitWrapChunkResult };
};

export interface SplitWrapPoolOptions {
  /** Workers; default navigator.hardwareConcurrency (at least 1). */
  size?: number;
  /** Keys per message; default 25. */
  chunkSize?: number;
  /** Chunks each worker has in hand (one working, the rest queued); default 2. */
  depth?: number;
  /** Starts one worker; default the console's bulk-split-wrap.worker.ts. Tests pass their own. */
  spawn?: () => WorkerEndpoint;
  /** Ask the workers how long each step took; summed in timings(). */
  profile?: boolean;
}

export interface SplitWrapPool extends SplitWrapper {
  readonly size: number;
  /** Step times summed over every chunk so far (profile on), in worker milliseconds. */
  timings(): ChunkTimings & { chunks: number };
  close(): void;
}

const WHAT = 'The bulk split-and-wrap worker';

function defaultSize(): number {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency;
  return Math.max(1, Number.isInteger(cores) ? cores : 1);
}

function spawnBulkWorker(): WorkerEndpoint {
  return new Worker(new URL('./bulk-split-wrap.worker.ts', import.meta.url), { type: 'module', name: 'bulk-split-wrap' });
}

function positive(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`split-wrap pool: "${field}" must be a whole number ≥ 1, got ${String(value)}`);
  return value;
}

export function createSplitWrapPool(options: SplitWrapPoolOptions = {}): SplitWrapPool {
  const size = positive(options.size, defaultSize(), 'size');
  const chunkSize = positive(options.chunkSize, 25, 'chunkSize');
  const depth = positive(options.depth, 2, 'depth');
  const spawn = options.spawn ?? spawnBulkWorker;
  const sum = { read: 0, split: 0, encrypt: 0, encode: 0, total: 0, chunks: 0 };
  // Started on first use and again after close(): importMany closes its wrapper when a run ends.
  let workers: JobWorker<BulkJobs>[] = [];

  const start = () => {
    if (workers.length === 0) workers = Array.from({ length: size }, () => connectWorker<BulkJobs>(spawn(), WHAT));
    return workers;
  };

  async function wrap(items: readonly BulkKeyInput[], targets: readonly WrapTarget[], threshold: number): Promise<ChunkKeyResult[]> {
    const pool = start();
    const results: ChunkKeyResult[] = new Array(items.length);
    const chunkCount = Math.ceil(items.length / chunkSize);
    let next = 0;
    const targetList = targets.map((t) => ({ index: t.index, spki: t.spki, fingerprint: t.fingerprint }));

    // Each lane is one slot of one worker: it takes the next chunk whenever its previous one is answered.
    const lane = async (worker: JobWorker<BulkJobs>) => {
      while (next < chunkCount) {
        const from = next++ * chunkSize;
        const chunk = items.slice(from, from + chunkSize);
        const request: SplitWrapChunkRequest = { items: chunk, targets: targetList, threshold, ...(options.profile ? { profile: true } : {}) };
        let answer: SplitWrapChunkResult;
        try {
          answer = await worker.run('bulk-split-wrap', request);
          if (answer.results.length !== chunk.length) throw new Error(`answered ${answer.results.length} keys for ${chunk.length}`);
        } catch (error) {
          // The whole chunk failed (the worker died, the targets were refused): each of its keys says why.
          const why = error instanceof Error ? error.message : String(error);
          answer = { results: chunk.map((k) => ({ keyId: k.keyId, error: `${k.source}: key ${k.keyId} was not split and wrapped: ${why}` })) };
        }
        answer.results.forEach((r, i) => (results[from + i] = r));
        if (answer.timings) {
          for (const step of ['read', 'split', 'encrypt', 'encode', 'total'] as const) sum[step] += answer.timings[step];
          sum.chunks++;
        }
      }
    };
    await Promise.all(pool.flatMap((worker) => Array.from({ length: depth }, () => lane(worker))));
    return results;
  }

  return {
    size,
    wrap,
    timings: () => ({ ...sum }),
    close() {
      for (const w of workers) w.terminate();
      workers = [];
    },
  };
}
