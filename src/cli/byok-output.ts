// Where `keyferry byok` puts the target's native file: written atomically (a temporary
// file beside it, fsynced, renamed into place), as bytes, since AWS and Google take a
// binary file; or to stdout when no --out is given, but never binary onto a terminal.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { NativeArtifact } from '../crypto/byok-native.ts';
import { CliError, EXIT_USAGE } from './errors.ts';

function writeBytesAtomic(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    writeSync(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    chmodSync(tmp, 0o644);
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    throw e;
  }
}

/** Writes the artifact to `out` (or stdout) and the next command to stderr. */
export function writeArtifact(artifact: NativeArtifact, out: string | undefined): void {
  if (out === undefined || out === '-') {
    if (artifact.mediaType === 'application/octet-stream' && process.stdout.isTTY) {
      throw new CliError(`byok: the ${artifact.fileName} file is binary; give --out <file> (or redirect stdout)`, EXIT_USAGE);
    }
    process.stdout.write(artifact.bytes);
  } else {
    try {
      writeBytesAtomic(out, artifact.bytes);
    } catch (e) {
      throw new CliError(`cannot write ${out}: ${(e as Error).message}`);
    }
  }
  process.stderr.write(`keyferry: next: ${artifact.nextCommand}\n`);
}
