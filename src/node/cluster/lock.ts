// One cluster per home folder. Two supervisors on the same folder would start two node
// processes on each SQLite database, so `keyferry cluster` takes <home>/cluster.lock
// (its pid and its nodes' pids). A lock left by a supervisor that was killed outright is
// stale: its nodes, if still running (they run in their own process group), are stopped
// before the new start, so they cannot hold the ports and databases.
import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { ClusterError } from './errors.ts';
import { ensureDir, SECRET_MODE, writeFileAtomic } from './files.ts';
import { lockFile } from './layout.ts';

interface LockContent {
  pid: number;
  startedAt: string;
  nodes: { pid: number; config: string }[];
}

export interface ClusterLock {
  /** Record the node processes, so a later start can stop them if this one is killed. */
  update(nodes: { pid: number; config: string }[]): void;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of `pid` where the OS shows it (Linux /proc), else undefined. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stopOrphans(nodes: LockContent['nodes']): Promise<void> {
  // Only processes that are provably our nodes (their command line names their config).
  const orphans = nodes.filter((n) => alive(n.pid) && commandLine(n.pid)?.includes(n.config));
  if (orphans.length === 0) return;
  process.stderr.write(`keyferry cluster: stopping ${orphans.length} node process(es) left by a previous run that was killed\n`);
  for (const o of orphans) process.kill(o.pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (orphans.some((o) => alive(o.pid)) && Date.now() < deadline) await sleep(100);
  for (const o of orphans) if (alive(o.pid)) process.kill(o.pid, 'SIGKILL');
}

function readLock(file: string): LockContent | undefined {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as LockContent;
    return Number.isInteger(c.pid) && Array.isArray(c.nodes) ? c : undefined;
  } catch {
    return undefined;
  }
}

export async function acquireLock(home: string): Promise<ClusterLock> {
  ensureDir(home);
  const file = lockFile(home);
  const content: LockContent = { pid: process.pid, startedAt: new Date().toISOString(), nodes: [] };
  const write = () => writeFileAtomic(file, `${JSON.stringify(content)}\n`, SECRET_MODE);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', SECRET_MODE);
      writeSync(fd, `${JSON.stringify(content)}\n`);
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
    }
    const previous = readLock(file);
    if (previous && previous.pid !== process.pid && alive(previous.pid) && (commandLine(previous.pid)?.includes('cluster') ?? true)) {
      throw new ClusterError(`a cluster is already running from ${home} (pid ${previous.pid}); stop it first (Ctrl-C in its terminal, or kill ${previous.pid})`);
    }
    if (previous) await stopOrphans(previous.nodes);
    unlinkSync(file);
  }
  let released = false;
  return {
    update(nodes) {
      content.nodes = nodes;
      if (!released) write();
    },
    release() {
      if (released) return;
      released = true;
      if (existsSync(file) && readLock(file)?.pid === process.pid) unlinkSync(file);
    },
  };
}
