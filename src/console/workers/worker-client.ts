// The page's side of the job protocol (job-protocol.ts): one typed client over a Worker.
// Each request gets an ID so several may be in flight on one worker; a failure comes back
// as a WorkerJobError; a worker that fails to load, or is terminated, rejects every
// request still waiting. Transfer lists move byte buffers instead of copying them.
import type { JobAnswer, JobMap, JobRequest } from './job-protocol.ts';
import { WorkerJobError } from './worker-job-error.ts';

/** What the client needs of a Worker (a MessagePort adapter does for tests). */
export interface WorkerEndpoint {
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
}

export interface JobWorker<Jobs extends JobMap> {
  run<Name extends keyof Jobs & string>(job: Name, input: Jobs[Name]['input'], transfer?: Transferable[]): Promise<Jobs[Name]['output']>;
  /** Stops the worker; requests still waiting are rejected ('terminated'). */
  terminate(): void;
}

interface Waiting {
  resolve: (output: unknown) => void;
  reject: (error: WorkerJobError) => void;
}

/** @param what names the worker in the sentence when it cannot start, e.g. "The key generator". */
export function connectWorker<Jobs extends JobMap>(worker: WorkerEndpoint, what: string): JobWorker<Jobs> {
  const waiting = new Map<number, Waiting>();
  let nextId = 1;

  const rejectAll = (error: WorkerJobError) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };

  worker.onmessage = (event: MessageEvent<JobAnswer>) => {
    const answer = event.data;
    const entry = waiting.get(answer.id);
    if (entry === undefined) return; // an answer to a request already given up on
    waiting.delete(answer.id);
    if (answer.ok) entry.resolve(answer.output);
    else entry.reject(new WorkerJobError(answer.failure));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    rejectAll(new WorkerJobError({ code: 'worker-failed', message: `${what} could not start in this browser (Web Worker failed to load).` }));
  };

  return {
    run(job, input, transfer = []) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (output: unknown) => void, reject });
        const request: JobRequest<Jobs, typeof job> = { id, job, input };
        try {
          worker.postMessage(request, transfer);
        } catch (error) {
          // e.g. DataCloneError: the input cannot cross to the worker.
          waiting.delete(id);
          reject(new WorkerJobError({ code: 'worker-failed', message: `${what} could not be given the job: ${error instanceof Error ? error.message : String(error)}` }));
        }
      });
    },
    terminate() {
      worker.terminate();
      rejectAll(new WorkerJobError({ code: 'terminated', message: `${what} was stopped before it answered.` }));
    },
  };
}

/** One job in a worker started for it and terminated after it, whatever the outcome. */
export async function runInFreshWorker<Jobs extends JobMap, Name extends keyof Jobs & string>(
  spawn: () => WorkerEndpoint,
  what: string,
  job: Name,
  input: Jobs[Name]['input'],
  transfer: Transferable[] = [],
): Promise<Jobs[Name]['output']> {
  const worker = connectWorker<Jobs>(spawn(), what);
  try {
    return await worker.run(job, input, transfer);
  } finally {
    worker.terminate();
  }
}
