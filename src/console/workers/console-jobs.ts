// Every job the console runs in a worker, by name: what goes in, what comes out. The one
// job map the client (run-job.ts) and the worker entries (*.worker.ts) are typed by.
import type { ByokRequest, ByokResult } from '../features/byok/byok-job.ts';
import type { RecoveredKeyText, RecoverRequest } from '../features/export/recover.ts';
import type { SplitWrapRequest, SplitWrapResult } from '../features/import/split-wrap.ts';
import type { GeneratedKeyPair, KeygenRequest } from '../features/wrapping-keys/rsa-keygen.ts';

// A type alias, not an interface, so it fits JobMap's index signature.
export type ConsoleJobs = {
  /** Import: parse, split and wrap a private key for the site's nodes. */
  'split-wrap': { input: SplitWrapRequest; output: SplitWrapResult };
  /** A browser wrapping key pair (private half non-extractable). */
  'rsa-keygen': { input: KeygenRequest; output: GeneratedKeyPair };
  /** Export to this browser: unwrap, recombine, verify, encode. */
  'recover-key': { input: RecoverRequest; output: RecoveredKeyText };
  /** BYOK: read, generate or recover the key, check it against the target, wrap it in the KMS's native file. */
  'byok-wrap': { input: ByokRequest; output: ByokResult };
};

export type ConsoleJobName = keyof ConsoleJobs;
