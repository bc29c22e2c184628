// Worker entry for the bulk import's pool (split-wrap-pool.ts): chunk after chunk of
// plaintext keys come in, their bundles go back with the byte buffers transferred. The
// worker lives as long as the pool, so the nodes' wrapping keys are imported once here;
// a chunk's plaintext is dropped (scalars zeroed) as soon as its answer is sent.
//
// Reading a key derives its public key (one base-point multiplication), the largest cost
// per key after the RSA encryptions. A worker that derives thousands of them precomputes a
// wider window of each base point (8 bits instead of noble's default 6: fewer additions per
// multiplication, still constant-time) once, when the curve is first used.
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { BulkJobs } from './split-wrap-pool.ts';
import { serveJobs, Transferring } from './serve-jobs.ts';
import { resultBuffers, splitWrapChunk } from '../features/bulk-import/split-wrap-chunk.ts';

for (const curve of [secp256k1, p256, p384, ed25519]) curve.Point.BASE.precompute(8);

serveJobs<BulkJobs>(self as unknown as DedicatedWorkerGlobalScope, {
  'bulk-split-wrap': async (request) => {
    const answer = await splitWrapChunk(request);
    return new Transferring(answer, resultBuffers(answer.results));
  },
});
