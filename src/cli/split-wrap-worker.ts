// One worker thread of the CLI's split-and-wrap pool (split-wrap-pool.ts): it receives a
// chunk of keys (each key's text as UTF-8 bytes, moved here, not copied), reads, splits
// and wraps each for the site's nodes with the client's wrapBulkKey, wipes the bytes, and
// posts back the bundles. Runs from source under tsx and compiled as build/split-wrap-worker.js.
//
// Reading a key derives its public key (one base-point multiplication), the largest cost per
// key after the RSA encryptions, so the worker widens each curve's precomputed window to 8
// bits (built lazily by noble, on a curve's first use): fewer additions, still constant-time.
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { parentPort } from 'node:worker_threads';
import { wrapBulkKey, type WrapTarget, type WrappedKey } from '../client/bulk-import.ts';

/** What the pool posts: one chunk of keys for the same targets. */
export interface WrapChunk {
  id: number;
  items: Array<{ keyId: string; source: string; key: Uint8Array; chainCode?: string }>;
  targets: WrapTarget[];
  threshold: number;
}

/** What the worker answers: one entry per item, same order. */
export interface WrapChunkResult {
  id: number;
  results: WrappedKey[];
}

for (const curve of [secp256k1, p256, p384, ed25519]) curve.Point.BASE.precompute(8);

const decoder = new TextDecoder('utf-8', { fatal: false });

async function wrapChunk(chunk: WrapChunk): Promise<WrapChunkResult> {
  const results: WrappedKey[] = [];
  for (const item of chunk.items) {
    try {
      const key = decoder.decode(item.key);
      results.push(await wrapBulkKey({ keyId: item.keyId, source: item.source, key, ...(item.chainCode === undefined ? {} : { chainCode: item.chainCode }) }, chunk.targets, chunk.threshold));
    } finally {
      item.key.fill(0);
    }
  }
  return { id: chunk.id, results };
}

parentPort?.on('message', (chunk: WrapChunk) => {
  wrapChunk(chunk).then(
    (answer) => parentPort!.postMessage(answer),
    (e: unknown) => parentPort!.postMessage({ id: chunk.id, error: (e as Error)?.message ?? String(e) }),
  );
});
