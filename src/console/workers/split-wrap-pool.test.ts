// The pool in Node: its "workers" are the real worker loop (serveJobs + splitWrapChunk) on
// the far end of real MessageChannels, so chunks and answers cross a structured clone and
// transfer lists. Checked: results in input order whatever worker answered, every worker
// used, never more chunks in flight than size × depth, a dead worker's keys failing with
// a sentence while the rest go on, and close() stopping every worker.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../crypto/bytes.ts';
import { fingerprint } from '../../crypto/public-key.ts';
import { rsaFixture } from '../../crypto/test-support/rsa.ts';
import type { WrapTarget } from '../features/bulk-import/bulk-contract.ts';
import { resultBuffers, splitWrapChunk } from '../features/bulk-import/split-wrap-chunk.ts';
import { serveJobs, Transferring } from './serve-jobs.ts';
import { createSplitWrapPool, type BulkJobs } from './split-wrap-pool.ts';
import type { WorkerEndpoint } from './worker-client.ts';

let targets: WrapTarget[];
beforeAll(async () => {
  const nodes = await Promise.all([rsaFixture(2048), rsaFixture(2048), rsaFixture(2048)]);
  targets = nodes.map((n, i) => ({ index: i + 1, spki: toBase64(n.spkiDer), fingerprint: fingerprint(n.spkiDer) }));
});

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

interface Probe {
  spawned: Array<{ terminated: boolean; chunks: number }>;
  inFlight: number;
  maxInFlight: number;
}

/** A worker served by the real chunk job over a MessageChannel; `dies` makes it fail to load. */
function spawner(probe: Probe, dies: (n: number) => boolean = () => false) {
  return (): WorkerEndpoint => {
    const channel = new MessageChannel();
    channels.push(channel);
    const record = { terminated: false, chunks: 0 };
    const n = probe.spawned.push(record) - 1;
    serveJobs<BulkJobs>(channel.port2 as unknown as Parameters<typeof serveJobs>[0], {
      'bulk-split-wrap': async (request) => {
        record.chunks++;
        probe.inFlight++;
        probe.maxInFlight = Math.max(probe.maxInFlight, probe.inFlight);
        try {
          const answer = await splitWrapChunk(request);
          return new Transferring(answer, resultBuffers(answer.results));
        } finally {
          probe.inFlight--;
        }
      },
    });
    const endpoint: WorkerEndpoint = {
      onmessage: null,
      onerror: null,
      postMessage: (message, transfer) => {
        if (dies(n)) {
          setTimeout(() => endpoint.onerror?.({ preventDefault() {} } as ErrorEvent), 1);
          return;
        }
        channel.port1.postMessage(message, transfer as never);
      },
      terminate() {
        record.terminated = true;
        channel.port1.close();
      },
    };
    channel.port1.onmessage = (event) => endpoint.onmessage?.(event as MessageEvent);
    return endpoint;
  };
}

const keys = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ keyId: `key-${i}`, source: `keys.jsonl:${i + 1}`, key: (i + 1).toString(16).padStart(64, '0') }));

describe('createSplitWrapPool', () => {
  it('answers in input order, in chunks spread over every worker, never more in flight than size × depth', async () => {
    const probe: Probe = { spawned: [], inFlight: 0, maxInFlight: 0 };
    const pool = createSplitWrapPool({ size: 3, chunkSize: 4, depth: 2, spawn: spawner(probe), profile: true });
    const items = [...keys(37), { keyId: 'broken', source: 'keys.jsonl:38', key: 'zz' }];
    const results = await pool.wrap(items, targets, 1);
    expect(results.map((r) => r.keyId)).toEqual(items.map((k) => k.keyId));
    expect(results.slice(0, 37).every((r) => r.bundle !== undefined && r.error === undefined)).toBe(true);
    expect(results[37]!.error).toMatch(/^keys\.jsonl:38: key broken is not a private key/);
    expect(results[0]!.bundle!.shares[0]!.wrappedShare).toBeInstanceOf(Uint8Array);
    expect(probe.spawned).toHaveLength(3);
    expect(probe.spawned.every((w) => w.chunks > 0)).toBe(true);
    expect(probe.spawned.reduce((a, w) => a + w.chunks, 0)).toBe(Math.ceil(38 / 4));
    expect(probe.maxInFlight).toBeLessThanOrEqual(3 * 2);
    expect(pool.timings().chunks).toBe(10);
    expect(pool.timings().encrypt).toBeGreaterThan(0);

    // The workers stay up between batches; close() stops them, and the next wrap starts new ones.
    await pool.wrap(keys(2), targets, 1);
    expect(probe.spawned).toHaveLength(3);
    pool.close();
    expect(probe.spawned.every((w) => w.terminated)).toBe(true);
    expect((await pool.wrap(keys(1), targets, 1))[0]!.bundle).toBeDefined();
    expect(probe.spawned).toHaveLength(6);
    pool.close();
  });

  it('fails the keys of a chunk its worker could not take, with a sentence, and wraps the rest', async () => {
    const probe: Probe = { spawned: [], inFlight: 0, maxInFlight: 0 };
    const pool = createSplitWrapPool({ size: 2, chunkSize: 3, depth: 1, spawn: spawner(probe, (n) => n === 1) });
    const results = await pool.wrap(keys(12), targets, 1);
    const failed = results.filter((r) => r.error !== undefined);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.error).toMatch(/^keys\.jsonl:\d+: key key-\d+ was not split and wrapped: The bulk split-and-wrap worker could not start/);
    expect(results.filter((r) => r.bundle !== undefined).length).toBe(12 - failed.length);
    expect(results.map((r) => r.keyId)).toEqual(keys(12).map((k) => k.keyId));
    pool.close();
  });

  it('refuses a size or chunk size that is not a whole number ≥ 1', () => {
    expect(() => createSplitWrapPool({ size: 0 })).toThrow(/"size" must be a whole number ≥ 1, got 0/);
    expect(() => createSplitWrapPool({ chunkSize: 2.5 })).toThrow(/"chunkSize"/);
  });
});
