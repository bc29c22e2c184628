// Runs one console job (console-jobs.ts) in a worker started for it and terminated after
// it, so nothing a job held — a plaintext key, a recovered scalar — outlives the call in a
// worker. Each job has its own worker entry, so a worker loads only the code of its job.
// The `new Worker(new URL(…))` calls are spelled out for Vite, which bundles each entry.
import type { ConsoleJobName, ConsoleJobs } from './console-jobs.ts';
import { runInFreshWorker, type WorkerEndpoint } from './worker-client.ts';

const WORKERS: Record<ConsoleJobName, { what: string; spawn: () => WorkerEndpoint }> = {
  'split-wrap': {
    what: 'The split-and-wrap worker',
    spawn: () => new Worker(new URL('./split-wrap.worker.ts', import.meta.url), { type: 'module' }),
  },
  'rsa-keygen': {
    what: 'The key generator',
    spawn: () => new Worker(new URL('./rsa-keygen.worker.ts', import.meta.url), { type: 'module' }),
  },
  'recover-key': {
    what: 'The key recovery worker',
    spawn: () => new Worker(new URL('./recover-key.worker.ts', import.meta.url), { type: 'module' }),
  },
  'byok-wrap': {
    what: 'The BYOK worker',
    spawn: () => new Worker(new URL('./byok-wrap.worker.ts', import.meta.url), { type: 'module' }),
  },
};

export function runJob<Name extends ConsoleJobName>(job: Name, input: ConsoleJobs[Name]['input'], transfer: Transferable[] = []): Promise<ConsoleJobs[Name]['output']> {
  const { what, spawn } = WORKERS[job];
  return runInFreshWorker<ConsoleJobs, Name>(spawn, what, job, input, transfer);
}
