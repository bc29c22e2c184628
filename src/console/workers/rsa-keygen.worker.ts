// Worker entry for generating a browser wrapping key (features/wrapping-keys/rsa-keygen.ts)
// off the main thread; the SPKI's buffer is transferred, the private key cloned as a handle.
import type { ConsoleJobs } from './console-jobs.ts';
import { serveJobs, Transferring } from './serve-jobs.ts';
import { generateRsaKeyPair } from '../features/wrapping-keys/rsa-keygen.ts';

serveJobs<ConsoleJobs>(self as unknown as DedicatedWorkerGlobalScope, {
  'rsa-keygen': async (request) => {
    const pair = await generateRsaKeyPair(request);
    return new Transferring(pair, [pair.spki.buffer]);
  },
});
