// Where `keyferry byok` puts the target's native file: written atomically (a temporary
// file beside it, fsynced, renamed into place), as bytes, since AWS and Google take a
// binary file; or to stdout when no --out is given, but never binary onto a terminal.
import type { NativeArtifact } from '../crypto/byok-native.ts';
import { CliError, EXIT_USAGE } from './errors.ts';
import { writeFileAtomic } from '../node/atomic-file.ts';

/** Writes the artifact to `out` (or stdout) and the next command to stderr. */
export function writeArtifact(artifact: NativeArtifact, out: string | undefined): void {
  if (out === undefined || out === '-') {
    if (artifact.mediaType === 'application/octet-stream' && process.stdout.isTTY) {
      throw new CliError(`byok: the ${artifact.fileName} file is binary; give --out <file> (or redirect stdout)`, EXIT_USAGE);
    }
    process.stdout.write(artifact.bytes);
  } else {
    try {
      writeFileAtomic(out, artifact.bytes, 0o644);
    } catch (e) {
      throw new CliError(`cannot write ${out}: ${(e as Error).message}`);
    }
  }
  process.stderr.write(`keyferry: next: ${artifact.nextCommand}\n`);
}
