// The one message shape every console worker speaks. A request names its job and carries
// an ID; the answer carries the same ID and either the job's output or a failure with a
// code, a sentence and (where it applies) the input field. worker-client.ts is the page's
// side of it, serve-jobs.ts the worker's. Types only: both sides import it for free.

/** A job map: per job name, what goes in and what comes out. */
export type JobMap = Record<string, { input: unknown; output: unknown }>;

export interface JobRequest<Jobs extends JobMap = JobMap, Name extends keyof Jobs & string = keyof Jobs & string> {
  id: number;
  job: Name;
  input: Jobs[Name]['input'];
}

/** Why a job did not produce its output; `code` is the core's error code where it threw one. */
export interface JobFailure {
  code: string;
  message: string;
  field?: string;
}

export type JobAnswer<Output = unknown> = { id: number; ok: true; output: Output } | { id: number; ok: false; failure: JobFailure };
