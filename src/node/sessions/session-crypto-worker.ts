// A worker thread of a node's session-crypto pool (session-crypto.ts): runs one batch job
// (batch-math.ts) per message and answers with its result, so the curve arithmetic of a
// batch session runs on every core and never holds up the node's event loop.
//
// A worker does thousands of base-point multiplications (a dealt coefficient's commitment,
// each new public share), so it widens each curve's precomputed window to 8 bits (noble
// builds the table lazily, on a curve's first multiplication: a worker pays only for the
// curves its batches use): a quarter fewer point additions, still constant-time.
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { parentPort } from 'node:worker_threads';
import { BATCH_JOBS, type BatchJobs } from './batch-math.ts';

export interface JobMessage {
  id: number;
  job: keyof BatchJobs;
  input: unknown;
}

for (const curve of [secp256k1, p256, p384, ed25519]) curve.Point.BASE.precompute(8);

parentPort?.on('message', (m: JobMessage) => {
  try {
    const run = BATCH_JOBS[m.job] as (input: unknown) => unknown;
    parentPort!.postMessage({ id: m.id, result: run(m.input) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
