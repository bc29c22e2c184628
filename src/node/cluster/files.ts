// Writing the cluster's files: through a temporary file and a rename (a crash never leaves
// a half-written config or profile), with an explicit mode — secrets (KEK, identity seed,
// admin token, profiles holding tokens) are 0600 and their folders 0700.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic as writeAtomic } from '../atomic-file.ts';

export const SECRET_MODE = 0o600;
export const PUBLIC_MODE = 0o644;
export const DIR_MODE = 0o700;

export function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: DIR_MODE });
}

/** Atomic write (../atomic-file.ts) that also creates the folder (0700) first. */
export function writeFileAtomic(path: string, content: string, mode: number): void {
  ensureDir(dirname(path));
  writeAtomic(path, content, mode);
}
