// Worker entry for the import wizard's split-and-wrap (features/import/split-wrap.ts): the
// page hands over the key, gets back a keyferry-bundle/1, and clears its own copy.
import type { ConsoleJobs } from './console-jobs.ts';
import { serveJobs } from './serve-jobs.ts';
import { splitWrap } from '../features/import/split-wrap.ts';

serveJobs<ConsoleJobs>(self as unknown as DedicatedWorkerGlobalScope, { 'split-wrap': splitWrap });
