// `keyferry cluster` as a child process of a script or test: start it, wait for its ready
// line, stop it. `npm start`, the e2e fixtures, the benches and the node tests all start
// the local cluster through here, so the ready line has one owner and every caller gets
// the same guarantees: a cluster that exits before it is ready, or is not ready in time,
// rejects with what it printed; a cluster is stopped when the caller fails (startCluster
// and withCluster stop it themselves) and, failing everything else, when the calling
// process exits (it gets SIGTERM and stops its nodes in turn).
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { keyferryCommand } from './cli-launch.ts';

/** The last line `keyferry cluster` prints once every node answers (src/cli/commands/cluster.ts). */
export const READY_LINE = 'keyferry cluster: ready';

export interface ClusterExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ClusterProcessOptions {
  /** --home; default: the CLI's own ($KEYFERRY_HOME, else ./.keyferry in the repository). */
  home?: string;
  /** --console-origin, each. */
  consoleOrigins?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** From spawn to the ready line. Default 90 s. */
  readyTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace in stop(). Default 15 s (the cluster itself gives its nodes 10 s). */
  stopTimeoutMs?: number;
  /** Pass the cluster's output through to this process's stdout / stderr as it comes. */
  echo?: boolean;
}

export interface ClusterProcess {
  /** The `keyferry cluster` process (for its pid, or a signal a test wants to send). */
  readonly child: ChildProcess;
  /** Resolves on the ready line; rejects with the output when the cluster exits first or times out. */
  readonly ready: Promise<void>;
  /** Resolves when the cluster process has exited and its output is read. */
  readonly exited: Promise<ClusterExit>;
  stdout(): string;
  stderr(): string;
  /** The node pids the cluster's summary lists (`pid <n>`), in summary order. */
  nodePids(): number[];
  /** SIGTERM, SIGKILL after the grace period; resolves with the exit. Safe to call again. */
  stop(): Promise<ClusterExit>;
}

/** Spawn `keyferry cluster` and follow it; `ready` tells when it is up. Prefer startCluster. */
export function spawnCluster(options: ClusterProcessOptions = {}): ClusterProcess {
  const args = ['cluster', ...(options.home === undefined ? [] : ['--home', options.home]), ...(options.consoleOrigins ?? []).flatMap((o) => ['--console-origin', o])];
  const command = keyferryCommand(args);
  const child = spawn(command.file, command.args, { cwd: command.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const stopOnExit = () => child.kill('SIGTERM');
  process.on('exit', stopOnExit);

  const exited = new Promise<ClusterExit>((resolveExit) => {
    child.once('error', (e) => {
      err += `could not start keyferry cluster: ${e.message}\n`;
      resolveExit({ code: null, signal: null });
    });
    child.once('close', (code, signal) => resolveExit({ code, signal }));
  }).finally(() => process.off('exit', stopOnExit));

  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    const printed = () => [out, err].filter((s) => s !== '').join('\n--- stderr ---\n') || '(nothing)';
    const timer = setTimeout(() => rejectReady(new Error(`keyferry cluster was not ready within ${readyTimeoutMs / 1000} s; it printed:\n${printed()}`)), readyTimeoutMs);
    createInterface({ input: child.stdout!, crlfDelay: Infinity }).on('line', (line) => {
      out += `${line}\n`;
      if (options.echo) process.stdout.write(`${line}\n`);
      if (line === READY_LINE) {
        clearTimeout(timer);
        resolveReady();
      }
    });
    createInterface({ input: child.stderr!, crlfDelay: Infinity }).on('line', (line) => {
      err += `${line}\n`;
      if (options.echo) process.stderr.write(`${line}\n`);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rejectReady(new Error(`keyferry cluster exited (${signal ?? `exit code ${code}`}) before it was ready; it printed:\n${printed()}`));
    });
  });
  ready.catch(() => {}); // the caller may only look at `exited`; startCluster rethrows

  const stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
  let stopped: Promise<ClusterExit> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    })());

  return {
    child,
    ready,
    exited,
    stdout: () => out,
    stderr: () => err,
    nodePids: () => [...out.matchAll(/ pid (\d+)$/gm)].map((m) => Number(m[1])),
    stop,
  };
}

/** Start `keyferry cluster` and wait until it is ready; if it is not, stop it and throw with its output. */
export async function startCluster(options: ClusterProcessOptions = {}): Promise<ClusterProcess> {
  const cluster = spawnCluster(options);
  try {
    await cluster.ready;
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}

/** Run `use` against a ready cluster and stop the cluster afterwards, whether `use` succeeds or throws. */
export async function withCluster<T>(options: ClusterProcessOptions, use: (cluster: ClusterProcess) => Promise<T>): Promise<T> {
  const cluster = await startCluster(options);
  try {
    return await use(cluster);
  } finally {
    await cluster.stop();
  }
}
