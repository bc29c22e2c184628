// How long `npm start` takes and how much each node holds: the wall time from spawning
// `npm start` (fresh KEYFERRY_HOME in a temp dir, so every run creates its cluster and
// the nodes generate their RSA-3072 wrapping keys; a free PORT) to the line with the
// console URL, and each node's VmRSS a few seconds after that (/proc/<pid>/status).
//
// Two starts: with the console already built (the usual case: the build is skipped) and
// with an empty console folder (the first start after install, which builds it). Both use
// KEYFERRY_CONSOLE_DIST so the bench never empties the dist/ that e2e runs serve. The
// server build is brought up to date first (npm install does that). Every run is stopped
// as Ctrl-C would (SIGINT to npm's process group), and the bench checks that nothing it
// started is left. Run alone: npm run bench -- start
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../src/node/test-support/spawn-node.ts';
import { ensureCliBuilt } from '../src/node/cluster/cli-launch.ts';
import { READY_LINE } from '../src/node/cluster/cluster-process.ts';
import { vite } from './console.bench.ts';
import { alive } from '../src/node/test-support/processes.ts';
import type { BenchResult } from './measure.ts';

const REPO = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);
const IDLE_MS = 4_000;
const CONSOLE_URL = /^Keyferry console: (http:\/\/\S+)$/;

interface Memory {
  rss: number;
  anon: number;
  file: number;
}

/** VmRSS / RssAnon / RssFile of a process, in MB. */
function memory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
}

/** Every live process below `root` (by parent pid), read from /proc. */
function descendants(root: number): { pid: number; cmd: string }[] {
  const parent = new Map<number, number>();
  const cmd = new Map<number, string>();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      cmd.set(Number(d), readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      /* gone meanwhile */
    }
  }
  const out: { pid: number; cmd: string }[] = [];
  const walk = (p: number) => {
    for (const [child, ppid] of parent) {
      if (ppid === p) {
        out.push({ pid: child, cmd: cmd.get(child) ?? '' });
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

interface StartRun {
  readySeconds: number;
  /** Seconds from spawn to the cluster's "starting 6 nodes…" line and to its ready line. */
  phases: { clusterPrepared: number; clusterReady: number };
  nodes: Memory[];
  server: Memory;
}

/** One `npm start` with a fresh home; `dist` is the console folder it builds into / serves. */
async function startOnce(dist: string): Promise<StartRun> {
  const home = mkdtempSync(join(tmpdir(), 'keyferry-bench-start-'));
  const port = await freePort();
  const t0 = performance.now();
  const npm = spawn('npm', ['start'], {
    cwd: REPO,
    env: { ...process.env, KEYFERRY_HOME: home, PORT: String(port), KEYFERRY_CONSOLE_DIST: dist },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so SIGINT reaches npm and everything below it, like Ctrl-C
  });
  const exited = new Promise<void>((r) => npm.once('close', () => r()));
  let output = '';
  npm.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const seen: Record<string, number> = {};
  let nodePids: number[] = [];
  const stop = async () => {
    const below = descendants(npm.pid!);
    if (npm.exitCode === null && npm.signalCode === null) process.kill(-npm.pid!, 'SIGINT');
    const timer = setTimeout(() => process.kill(-npm.pid!, 'SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    // The nodes run in their own process group; the cluster stops them. Wait for that.
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && [...below.map((p) => p.pid), ...nodePids].some(alive); ) await new Promise((r) => setTimeout(r, 100));
    const left = [...below.map((p) => p.pid), ...nodePids].filter(alive);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    rmSync(home, { recursive: true, force: true });
    if (left.length > 0) throw new Error(`npm start left ${left.length} process(es) running after SIGINT (killed now): ${left.join(', ')}`);
  };
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`npm start printed no console URL within 120 s:\n${output}`)), 120_000);
      createInterface({ input: npm.stdout }).on('line', (line) => {
        output += `${line}\n`;
        const t = (performance.now() - t0) / 1000;
        if (/^keyferry cluster: .*starting \d+ nodes/.test(line)) seen['prepared'] ??= t;
        if (line === READY_LINE) seen['ready'] ??= t;
        const pid = / pid (\d+)$/.exec(line);
        if (pid) nodePids.push(Number(pid[1]));
        if (CONSOLE_URL.test(line)) {
          seen['url'] = t;
          clearTimeout(timer);
          ready();
        }
      });
      void exited.then(() => fail(new Error(`npm start exited before printing the console URL:\n${output}`)));
    });
    nodePids = [...new Set(nodePids)];
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const server = descendants(npm.pid!).find((p) => /(^|\/)node /.test(p.cmd) && p.cmd.endsWith('scripts/start.js')); // not the sh -c around it
    if (!server) throw new Error('no scripts/start.js process below npm');
    return {
      readySeconds: seen['url']!,
      phases: { clusterPrepared: seen['prepared'] ?? NaN, clusterReady: seen['ready'] ?? NaN },
      nodes: nodePids.map(memory),
      server: memory(server.pid),
    };
  } finally {
    await stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  ensureCliBuilt(); // as after `npm install`
  const tmp = mkdtempSync(join(tmpdir(), 'keyferry-bench-start-dist-'));
  try {
    const built = join(tmp, 'built');
    await vite(built);
    const warm: StartRun[] = [];
    for (let i = 0; i < RUNS; i++) warm.push(await startOnce(built));
    const cold = await startOnce(join(tmp, 'empty'));

    const last = warm[warm.length - 1]!;
    const rss = last.nodes.map((m) => round1(m.rss));
    const readySeconds = warm.map((r) => round1(r.readySeconds));
    return [
      {
        name: 'start.readySeconds',
        value: median(warm.map((r) => r.readySeconds)),
        unit: 's',
        detail: {
          meaning: 'npm start → "Keyferry console: <url>", fresh KEYFERRY_HOME (cluster created, wrapping keys generated), console already built; median of runs',
          runs: readySeconds,
          phases: warm.map((r) => ({ clusterPrepared: round1(r.phases.clusterPrepared), clusterReady: round1(r.phases.clusterReady) })),
        },
      },
      {
        name: 'start.readySecondsConsoleUnbuilt',
        value: cold.readySeconds,
        unit: 's',
        detail: { meaning: 'the same with no console build yet (first start after install: vite build in a child, beside the cluster start)', phases: cold.phases },
      },
      {
        name: 'node.rssMegabytes',
        value: Math.max(...rss),
        unit: 'MB',
        detail: {
          meaning: `VmRSS of each node process ${IDLE_MS / 1000} s after the console URL (max; per node and median below)`,
          perNode: rss,
          median: round1(median(rss)),
          rssAnonPerNode: last.nodes.map((m) => round1(m.anon)),
          rssFilePerNode: last.nodes.map((m) => round1(m.file)),
          note: 'RssFile is mostly the node binary’s own pages, shared by all six processes; RssAnon is what each node adds',
        },
      },
      {
        name: 'start.serverRssMegabytes',
        value: round1(cold.server.rss),
        unit: 'MB',
        detail: { meaning: 'VmRSS of the npm start process (serves the console) after it built the console in a child' },
      },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
