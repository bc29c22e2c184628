// File and stream edges of the CLI: "-" means stdin/stdout; outputs are written to a
// temporary file beside the target and renamed into place, so a failure never leaves a
// half-written file; files that hold private keys are created with mode 0600.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../node/atomic-file.ts';
import { CliError } from './errors.ts';

export function readInput(path: string, what: string): Uint8Array {
  try {
    const data = path === '-' ? readFileSync(0) : readFileSync(path);
    if (data.length === 0) throw new CliError(`${what} ${path === '-' ? '(stdin)' : path} is empty`);
    return new Uint8Array(data.buffer, data.byteOffset, data.length);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new CliError(`${what} ${path} ${why}`);
  }
}

export function readText(path: string, what: string): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(readInput(path, what));
}

export interface WriteOptions {
  /** The content is secret (a private key): create with 0600. */
  secret?: boolean;
}

export function writeOutput(path: string | undefined, content: string, options: WriteOptions = {}): void {
  if (path === undefined || path === '-') {
    process.stdout.write(content);
    return;
  }
  try {
    writeFileAtomic(path, content, options.secret ? 0o600 : 0o644);
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${(e as Error).message}`);
  }
}
