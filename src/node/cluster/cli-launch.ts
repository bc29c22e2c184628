// How every process of ours runs the `keyferry` CLI: `node build/keyferry.js <args>`, the
// compiled server build (scripts/build-server.js), never TypeScript transpiled at run
// time. The cluster supervisor's nodes, `keyferry cluster` started by scripts, the CLI
// tests and the e2e specs all spawn through keyferryCommand, so they run the same code.
//
// Run from TypeScript (tests, benches), the first launch in a process rebuilds build/ if a
// source file changed since it was built, so a test never runs yesterday's code. Run
// from the build itself (the cluster spawning its nodes), there is nothing to check: the
// nodes run the very file their supervisor runs.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The repository root, found from this module's source folder (never from the current directory). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** The compiled CLI. */
export const CLI_ENTRY = join(REPO_ROOT, 'build', 'keyferry.js');

const BUILD_SCRIPT = join(REPO_ROOT, 'scripts', 'build-server.js');

/**
 * V8 flags for `keyferry node`: a young generation of 1 MB semi-spaces instead of up to
 * 16 MB each, and one V8 worker thread instead of one per core (each keeps its own
 * allocator arena). A node at idle then holds ~14 MB less; requests are small and
 * short-lived, and its RSA work runs on libuv's thread pool, not V8's, so neither costs
 * anything measurable (bench: node.rssMegabytes).
 */
const NODE_PROCESS_FLAGS = ['--max-semi-space-size=1', '--v8-pool-size=1'];

/** True inside build/keyferry.js (or another bundle), false when loaded as TypeScript. */
const RUNNING_FROM_BUILD = !import.meta.url.endsWith('.ts');

let buildChecked = false;

/** Rebuild build/ when it is missing or older than its sources (once per process). */
export function ensureCliBuilt(): void {
  if (RUNNING_FROM_BUILD || buildChecked) return;
  const r = spawnSync(process.execPath, [BUILD_SCRIPT, '--if-stale'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`the server build failed (node scripts/build-server.js, exit ${r.status ?? r.signal}):\n${r.stderr}`);
  buildChecked = true;
}

export interface CliCommand {
  /** The executable: this Node.js. */
  file: string;
  args: string[];
  /** The repository root: the CLI resolves its default home (./.keyferry) from here. */
  cwd: string;
}

/** The command line that runs `keyferry <args>` from the compiled build. */
export function keyferryCommand(args: readonly string[]): CliCommand {
  ensureCliBuilt();
  const flags = args[0] === 'node' ? NODE_PROCESS_FLAGS : [];
  return { file: process.execPath, args: [...flags, CLI_ENTRY, ...args], cwd: REPO_ROOT };
}
