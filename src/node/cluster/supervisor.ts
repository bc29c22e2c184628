// Runs the nodes of the local cluster as real child processes (`keyferry node --config`,
// from the compiled build: cli-launch.ts),
// waits until each answers GET /v1/health, appends each node's output to its node.log
// (the nodes log JSON; the terminal gets a summary instead), and stops them all on
// request: SIGTERM, then SIGKILL after a grace period. A node that dies on its own is
// reported once, with its last output, so the caller can stop the rest and fail.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { keyferryCommand } from './cli-launch.ts';
import { ClusterError } from './errors.ts';
import type { ClusterNode } from './prepare.ts';

const RECENT_LINES = 12;

export interface SupervisorOptions {
  /** Per node, from its spawn. Default 30 s. */
  healthTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace. Default 10 s. */
  stopTimeoutMs?: number;
  /** Called once the processes exist, with their pids. */
  onSpawn?: (nodes: { pid: number; config: string }[]) => void;
}

export interface NodeDeath {
  node: ClusterNode;
  pid: number | undefined;
  message: string;
}

interface Running {
  node: ClusterNode;
  name: string;
  child: ChildProcess;
  log: WriteStream;
  recent: string[];
  recentStderr: string[];
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  closed: Promise<void>;
}

export class StopRequested extends Error {
  constructor() {
    super('stopped before every node was up');
    this.name = 'StopRequested';
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A JSON log line shown as its message (and error), anything else as is. */
function readable(line: string): string {
  let text = line;
  try {
    const o = JSON.parse(line) as { msg?: unknown; err?: { message?: unknown } };
    if (o && typeof o.msg === 'string') text = o.msg + (typeof o.err?.message === 'string' ? `: ${o.err.message}` : '');
  } catch {
    /* not JSON */
  }
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function describeExit(exit: NonNullable<Running['exit']>): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

export function nodeName(node: ClusterNode): string {
  return `${node.site} node ${node.index}`;
}

export class Supervisor {
  private readonly healthTimeoutMs: number;
  private readonly stopTimeoutMs: number;
  private readonly onSpawn: SupervisorOptions['onSpawn'];
  private running: Running[] = [];
  private started = false;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private reportDeath!: (d: NodeDeath) => void;
  /** Resolves when a node exits on its own after start() succeeded (never after stop()). */
  readonly died: Promise<NodeDeath>;
  private readonly killOnExit = () => this.kill();

  constructor(options: SupervisorOptions = {}) {
    this.healthTimeoutMs = options.healthTimeoutMs ?? 30_000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.onSpawn = options.onSpawn;
    this.died = new Promise((r) => (this.reportDeath = r));
  }

  get pids(): { node: ClusterNode; pid: number | undefined }[] {
    return this.running.map((r) => ({ node: r.node, pid: r.child.pid }));
  }

  /** Spawn every node and wait until all are healthy; on any failure stop them all and throw. */
  async start(nodes: readonly ClusterNode[]): Promise<void> {
    if (this.running.length > 0 || this.stopping) throw new Error('Supervisor.start() runs once');
    process.on('exit', this.killOnExit); // a crash of this process must not leave nodes behind
    this.running = nodes.map((node) => this.spawn(node));
    this.onSpawn?.(this.running.flatMap((r) => (r.child.pid === undefined ? [] : [{ pid: r.child.pid, config: r.node.configFile }])));
    const deadline = Date.now() + this.healthTimeoutMs;
    try {
      await Promise.all(this.running.map((r) => this.waitHealthy(r, deadline)));
      const gone = this.running.find((r) => r.exit);
      if (gone) throw new ClusterError(this.failure(gone, `exited right after start-up (${describeExit(gone.exit!)})`));
      if (this.stopping) throw new StopRequested();
    } catch (e) {
      await this.stop();
      throw e;
    }
    this.started = true;
  }

  private spawn(node: ClusterNode): Running {
    const log = createWriteStream(node.logFile, { flags: 'a', mode: 0o600 });
    const command = keyferryCommand(['node', '--config', node.configFile]);
    const child = spawn(command.file, command.args, {
      cwd: command.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a Ctrl-C in the terminal reaches only the supervisor, which
      // then stops the nodes in order (and reports a node that dies on its own as such).
      detached: true,
    });
    const r: Running = { node, name: nodeName(node), child, log, recent: [], recentStderr: [], closed: Promise.resolve() };
    log.write(`${JSON.stringify({ time: Date.now(), msg: `keyferry cluster: starting ${r.name}`, pid: child.pid, url: node.url })}\n`);
    const keep = (list: string[], line: string) => {
      list.push(line);
      if (list.length > RECENT_LINES) list.shift();
    };
    for (const [stream, isErr] of [
      [child.stdout!, false],
      [child.stderr!, true],
    ] as const) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        log.write(`${line}\n`);
        keep(r.recent, line);
        if (isErr) keep(r.recentStderr, line);
      });
    }
    r.closed = new Promise<void>((resolveClosed) => {
      child.once('error', (e) => {
        keep(r.recentStderr, `could not start: ${e.message}`);
        r.exit ??= { code: null, signal: null };
        resolveClosed();
      });
      child.once('close', (code, signal) => {
        r.exit = { code, signal };
        resolveClosed();
        if (this.started && !this.stopping) {
          this.reportDeath({ node, pid: child.pid, message: this.failure(r, `(pid ${child.pid}) exited unexpectedly (${describeExit(r.exit)})`) });
        }
      });
    });
    return r;
  }

  private failure(r: Running, what: string): string {
    const lines = (r.recentStderr.length > 0 ? r.recentStderr : r.recent).map(readable);
    const tail = lines.length > 0 ? `; its last output:\n${lines.map((l) => `    ${l}`).join('\n')}\n  (full log: ${r.node.logFile})` : `, printing nothing (log: ${r.node.logFile})`;
    return `${r.name} ${what}${tail}`;
  }

  private async waitHealthy(r: Running, deadline: number): Promise<void> {
    const url = `${r.node.url}/v1/health`;
    for (;;) {
      if (this.stopping) throw new StopRequested();
      if (r.exit) throw new ClusterError(this.failure(r, `exited during start-up (${describeExit(r.exit)})`));
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        await res.body?.cancel();
        if (res.status === 200) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) {
        throw new ClusterError(this.failure(r, `did not answer GET ${url} with 200 within ${Math.round(this.healthTimeoutMs / 1000)} s`));
      }
      await Promise.race([sleep(250), r.closed]);
    }
  }

  /** SIGTERM every node, SIGKILL those still running after the grace period; resolves when all have exited. */
  stop(): Promise<void> {
    this.stopping = true;
    this.stopped ??= (async () => {
      for (const r of this.running) if (!r.exit) r.child.kill('SIGTERM');
      const timer = setTimeout(() => this.kill(), this.stopTimeoutMs);
      await Promise.all(this.running.map((r) => r.closed));
      clearTimeout(timer);
      await Promise.all(this.running.map((r) => new Promise<void>((done) => r.log.end(done))));
      process.off('exit', this.killOnExit);
    })();
    return this.stopped;
  }

  /** SIGKILL every node still running, now (second Ctrl-C, or this process exiting). */
  kill(): void {
    this.stopping = true;
    for (const r of this.running) {
      if (r.exit) continue;
      try {
        r.child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}
