// The worker's side of the job protocol (job-protocol.ts): answer each request with its
// handler's output, or with a failure carrying the crypto core's code, sentence and field
// (any other error becomes 'job-failed' with its message). A handler may name buffers of
// its output to transfer rather than copy.
import { isCryptoError } from '../../crypto/errors.ts';
import type { JobAnswer, JobFailure, JobMap, JobRequest } from './job-protocol.ts';

/** What serveJobs needs of the worker's global scope (a MessagePort does for tests). */
export interface JobScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

/** An output with the buffers to transfer along with it. */
export class Transferring<Output> {
  constructor(
    readonly output: Output,
    readonly transfer: Transferable[],
  ) {}
}

export type JobHandlers<Jobs extends JobMap> = {
  [Name in keyof Jobs]?: (input: Jobs[Name]['input']) => Promise<Jobs[Name]['output'] | Transferring<Jobs[Name]['output']>>;
};

export function serveJobs<Jobs extends JobMap>(scope: JobScope, handlers: JobHandlers<Jobs>): void {
  scope.onmessage = async (event: MessageEvent<JobRequest<Jobs>>) => {
    const { id, job, input } = event.data;
    let answer: JobAnswer;
    let transfer: Transferable[] = [];
    try {
      const handler = handlers[job];
      if (handler === undefined) throw new UnknownJob(String(job));
      const result = await handler(input);
      if (result instanceof Transferring) {
        answer = { id, ok: true, output: result.output };
        transfer = result.transfer;
      } else {
        answer = { id, ok: true, output: result };
      }
    } catch (error) {
      answer = { id, ok: false, failure: describeFailure(error) };
    }
    try {
      scope.postMessage(answer, transfer);
    } catch (error) {
      // e.g. DataCloneError: the output cannot cross back; say so rather than leave the page waiting.
      scope.postMessage({ id, ok: false, failure: { code: 'job-failed', message: `the worker's answer could not be sent: ${error instanceof Error ? error.message : String(error)}` } }, []);
    }
  };
}

class UnknownJob extends Error {}

export function describeFailure(error: unknown): JobFailure {
  if (isCryptoError(error)) return { code: error.code, message: error.message, ...(error.field === undefined ? {} : { field: error.field }) };
  if (error instanceof UnknownJob) return { code: 'unknown-job', message: `this worker has no job "${error.message}"` };
  return { code: 'job-failed', message: error instanceof Error ? error.message : String(error) };
}
