// A worker thread of a node's session-crypto pool (session-crypto.ts): runs one batch job
// (batch-math.ts) per message and answers with its result, so the curve arithmetic of a
// batch session runs on every core and never holds up the node's event loop.
import { parentPort } from 'node:worker_threads';
import { BATCH_JOBS, type BatchJobs } from './batch-math.ts';

export interface JobMessage {
  id: number;
  job: keyof BatchJobs;
  input: unknown;
}

parentPort?.on('message', (m: JobMessage) => {
  try {
    const run = BATCH_JOBS[m.job] as (input: unknown) => unknown;
    parentPort!.postMessage({ id: m.id, result: run(m.input) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
