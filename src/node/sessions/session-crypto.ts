// Where a node runs the curve arithmetic of its sessions (issue 13: "a node does its RSA and
// EC work in parallel on all cores, off its event loop"). RSA-OAEP already runs off the
// event loop, on libuv's thread pool, through Web Crypto; the EC work of a batch (dealing,
// public shares, their verification, Feldman blame — batch-math.ts) is cut into one part
// per worker thread and run in parallel. Inline (on the event loop) where a pool is not
// worth it: one core, or a node running from TypeScript source in a test.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BATCH_JOBS, type Absorbed, type AbsorbKey, type BlameKey, type Dealt, type PublicCheck, type ShareOfKey } from './batch-math.ts';
import type { JobMessage } from './session-crypto-worker.ts';

export interface SessionCrypto {
  dealZeroMany(input: { curves: Parameters<typeof BATCH_JOBS.dealZeroMany>[0]['curves']; n: number; t: number }): Promise<Dealt>;
  absorbMany(input: { me: number; t: number; keys: AbsorbKey[] }): Promise<Absorbed[]>;
  verifyMany(input: { t: number; keys: PublicCheck[] }): Promise<boolean[]>;
  /** Per key whose public shares failed: the dealer whose sub-share fails its Feldman check, or 0. */
  blameMany(input: { me: number; keys: BlameKey[] }): Promise<number[]>;
  /** Per key, x·G of this node's share (the shares are wiped). */
  publicSharesMany(input: { keys: ShareOfKey[] }): Promise<Uint8Array[]>;
  /** Worker threads in use (0: inline). */
  readonly workers: number;
  close(): void;
}

export function inlineSessionCrypto(): SessionCrypto {
  return {
    dealZeroMany: async (input) => BATCH_JOBS.dealZeroMany(input),
    absorbMany: async (input) => BATCH_JOBS.absorbMany(input),
    verifyMany: async (input) => BATCH_JOBS.verifyMany(input),
    blameMany: async (input) => BATCH_JOBS.blameMany(input),
    publicSharesMany: async (input) => BATCH_JOBS.publicSharesMany(input),
    workers: 0,
    close() {},
  };
}

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const YOUNG_GENERATION_MB = 16;
/** Below this many keys a batch stays on one thread: the messages would cost more than they save. */
const MIN_PART = 8;

/** The node's choice: a pool of one worker per core when running compiled and there is more than one core. */
export function defaultSessionCrypto(): SessionCrypto {
  const cores = availableParallelism();
  return cores > 1 && !FROM_SOURCE ? pooledSessionCrypto(cores) : inlineSessionCrypto();
}

export function pooledSessionCrypto(size: number): SessionCrypto {
  const url = new URL(FROM_SOURCE ? './session-crypto-worker.ts' : './session-crypto-worker.js', import.meta.url);
  const execArgv = FROM_SOURCE ? ['--import', 'tsx'] : [];
  const workers: (Worker | undefined)[] = [];
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; worker: number }>();
  let next = 0;
  let closed = false;

  const worker = (w: number): Worker => {
    const existing = workers[w];
    if (existing) return existing;
    // Batch arithmetic on bigints makes garbage fast: a young generation of 16 MB (the node's
    // own is 1 MB semi-spaces) lets it die young instead of being scavenged and promoted
    // thousands of times a batch. Workers start with the first batch, never at idle.
    const created = new Worker(url, { execArgv, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    created.unref();
    created.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(`session-crypto worker: ${m.error}`));
      else p.resolve(m.result);
    });
    const lost = (why: string) => {
      workers[w] = undefined;
      for (const [id, p] of pending) {
        if (p.worker !== w) continue;
        pending.delete(id);
        p.reject(new Error(`session-crypto worker ${w + 1} ${why}`));
      }
    };
    created.on('error', (e) => lost(`failed: ${e.message}`));
    created.on('exit', (code) => lost(`exited (code ${code})`));
    workers[w] = created;
    return created;
  };

  const post = <T>(w: number, job: JobMessage['job'], input: unknown): Promise<T> => {
    if (closed) return Promise.reject(new Error('the session-crypto pool is closed'));
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, worker: w });
      worker(w).postMessage({ id, job, input } satisfies JobMessage);
    });
  };

  /** Cut `items` into one part per worker (at least MIN_PART each) and run `job` on each part; the answers per part, in order. */
  function spread<I, P>(items: readonly I[], job: JobMessage['job'], wrap: (part: I[]) => unknown): Promise<P[]> {
    const parts = Math.max(1, Math.min(size, Math.floor(items.length / MIN_PART)));
    const per = Math.ceil(items.length / parts);
    return Promise.all(Array.from({ length: parts }, (_, w) => post<P>(w, job, wrap(items.slice(w * per, (w + 1) * per)))));
  }

  return {
    async dealZeroMany(input) {
      const parts = await spread<(typeof input.curves)[number], Dealt>(input.curves, 'dealZeroMany', (curves) => ({ ...input, curves }));
      return { shares: parts.flatMap((d) => d.shares), commitments: parts.flatMap((d) => d.commitments) };
    },
    absorbMany: async (input) => (await spread<AbsorbKey, Absorbed[]>(input.keys, 'absorbMany', (keys) => ({ ...input, keys }))).flat(),
    verifyMany: async (input) => (await spread<PublicCheck, boolean[]>(input.keys, 'verifyMany', (keys) => ({ ...input, keys }))).flat(),
    blameMany: async (input) => (await spread<BlameKey, number[]>(input.keys, 'blameMany', (keys) => ({ ...input, keys }))).flat(),
    async publicSharesMany(input) {
      try {
        return (await spread<ShareOfKey, Uint8Array[]>(input.keys, 'publicSharesMany', (keys) => ({ keys }))).flat();
      } finally {
        // The workers got copies (and wiped them); these are the caller's.
        for (const k of input.keys) k.share.fill(0);
      }
    },
    workers: size,
    close() {
      closed = true;
      for (const w of workers) void w?.terminate();
      workers.length = 0;
    },
  };
}
