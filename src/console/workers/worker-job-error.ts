// The error the page sees when a worker job fails: the worker's own failure (the core's
// code, sentence and field, carried across postMessage), or the worker itself failing to
// start or being stopped before it answered.
import type { JobFailure } from './job-protocol.ts';

/** Codes the client adds itself; a worker's failure keeps the code it was given. */
export type WorkerClientCode = 'worker-failed' | 'terminated';

export class WorkerJobError extends Error {
  override readonly name = 'WorkerJobError';
  readonly code: string;
  readonly field?: string;

  constructor(failure: JobFailure) {
    super(failure.message);
    this.code = failure.code;
    if (failure.field !== undefined) this.field = failure.field;
  }
}
