// Worker entry for export to this browser (features/export/recover.ts): the wrapped shares
// and the non-extractable browser key go in; the scalar exists only here, is zeroed once
// encoded, and only the encoded forms the page shows come out.
import type { ConsoleJobs } from './console-jobs.ts';
import { serveJobs } from './serve-jobs.ts';
import { recoverKeyText } from '../features/export/recover.ts';

serveJobs<ConsoleJobs>(self as unknown as DedicatedWorkerGlobalScope, { 'recover-key': recoverKeyText });
