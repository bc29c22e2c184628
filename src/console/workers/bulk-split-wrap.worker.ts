// Worker entry for the bulk import's pool (split-wrap-pool.ts): chunk after chunk of
// plaintext keys come in, their bundles go back with the byte buffers transferred. The
// worker lives as long as the pool, so the nodes' wrapping keys are imported once here;
// a chunk's plaintext is dropped (scalars zeroed) as soon as its answer is sent.
import type { BulkJobs } from './split-wrap-pool.ts';
import { serveJobs, Transferring } from './serve-jobs.ts';
import { resultBuffers, splitWrapChunk } from '../features/bulk-import/split-wrap-chunk.ts';

serveJobs<BulkJobs>(self as unknown as DedicatedWorkerGlobalScope, {
  'bulk-split-wrap': async (request) => {
    const answer = await splitWrapChunk(request);
    return new Transferring(answer, resultBuffers(answer.results));
  },
});
