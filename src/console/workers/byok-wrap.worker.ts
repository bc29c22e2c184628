// Worker entry for the BYOK page (features/byok/byok-job.ts): the key to send is read,
// generated or recovered from a site's shares here, wrapped for the KMS, and only the
// wrapped native file and the next command go back to the page.
import type { ConsoleJobs } from './console-jobs.ts';
import { serveJobs } from './serve-jobs.ts';
import { byokJob } from '../features/byok/byok-job.ts';

serveJobs<ConsoleJobs>(self as unknown as DedicatedWorkerGlobalScope, { 'byok-wrap': byokJob });
