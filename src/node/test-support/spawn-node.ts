// Test helper: a real `keyferry node` process. Writes a node config (TOML, master KEK and
// identity key files, one admin token stored as its SHA-256) into a temp dir, spawns the
// compiled CLI exactly as an operator would (cluster/cli-launch.ts), waits for /v1/health, and stops it with SIGTERM.
// Every child is remembered so a test's afterAll can kill leftovers (killAllNodes).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { keyferryCommand } from '../cluster/cli-launch.ts';


export interface NodeSetup {
  site?: string;
  index?: number;
  threshold?: number;
  players?: number;
  /** 64 hex digits; random when omitted. */
  kekHex?: string;
  /** Lines appended at the end of the file (e.g. a [Player] section). */
  extra?: string;
}

export interface NodeFiles {
  dir: string;
  configFile: string;
  dataDir: string;
  kekFile: string;
  kekHex: string;
  identityFile: string;
  token: string;
  port: number;
  /** The TOML text as written. */
  text: string;
}

/** A free TCP port on 127.0.0.1 (bound and released; the node binds it right after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function renderConfig(s: Required<Omit<NodeSetup, 'kekHex' | 'extra'>> & { port: number; tokenSha256: string; extra?: string | undefined }): string {
  return [
    '# written by src/node/test-support/spawn-node.ts',
    '[node]',
    `site = "${s.site}"`,
    `index = ${s.index}`,
    `threshold = ${s.threshold}`,
    `players = ${s.players}`,
    `listen = "127.0.0.1:${s.port}"`,
    'dataDir = "data"',
    'masterKek = { file = "master.kek" }',
    'identityKey = { file = "identity.key" }',
    '',
    '[[tokens]]',
    'name = "admin"',
    'role = "admin"',
    `sha256 = "${s.tokenSha256}"`,
    '',
    ...(s.extra ? [s.extra] : []),
  ].join('\n');
}

/** Write config.toml, master.kek and identity.key into a new temp dir (or `dir`). */
export async function writeNodeConfig(setup: NodeSetup = {}, dir = mkdtempSync(join(tmpdir(), 'keyferry-proc-'))): Promise<NodeFiles> {
  mkdirSync(dir, { recursive: true });
  const kekHex = setup.kekHex ?? randomBytes(32).toString('hex');
  const token = `kf-test-${randomBytes(16).toString('hex')}`;
  const port = await freePort();
  const text = renderConfig({
    site: setup.site ?? 'main',
    index: setup.index ?? 1,
    threshold: setup.threshold ?? 1,
    players: setup.players ?? 3,
    port,
    tokenSha256: createHash('sha256').update(token, 'utf8').digest('hex'),
    extra: setup.extra,
  });
  const files: NodeFiles = {
    dir,
    configFile: join(dir, 'config.toml'),
    dataDir: join(dir, 'data'),
    kekFile: join(dir, 'master.kek'),
    kekHex,
    identityFile: join(dir, 'identity.key'),
    token,
    port,
    text,
  };
  writeFileSync(files.configFile, text);
  writeFileSync(files.kekFile, `${kekHex}\n`, { mode: 0o600 });
  writeFileSync(files.identityFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  return files;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface NodeProcess {
  url: string;
  child: ChildProcess;
  files: NodeFiles;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  /** fetch against the node with the admin token; JSON body in and out. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** SIGTERM, then wait up to `timeoutMs` for the exit (SIGKILL and throw after that). */
  stop(timeoutMs?: number): Promise<Exit & { ms: number }>;
}

const children = new Set<ChildProcess>();

interface Spawned {
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  exited: Promise<Exit>;
}

function spawnNode(configFile: string): Spawned {
  const command = keyferryCommand(['node', '--config', configFile]);
  const child = spawn(command.file, command.args, {
    cwd: command.cwd,
    env: { ...process.env, KEYFERRY_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const out = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out.stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out.stderr += d));
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      // Let the pipes drain so the last stderr line is in `out`.
      setTimeout(() => resolve({ code, signal }), 50);
    });
  });
  return { child, out, exited };
}

/** Run the node expecting it to stop on its own (a refused start); kills it after `timeoutMs`. */
export async function runNodeUntilExit(configFile: string, timeoutMs = 20_000): Promise<Exit & { stdout: string; stderr: string; ms: number; listened: boolean }> {
  const start = Date.now();
  const { child, out, exited } = spawnNode(configFile);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exit = await exited;
  clearTimeout(timer);
  return { ...exit, ...out, ms: Date.now() - start, listened: out.stdout.includes('"msg":"listening"') };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { status?: string };
    return res.status === 200 && body.status === 'ok';
  } catch {
    return false;
  }
}

/** Start a node from its config and wait until /v1/health answers (default 30 s). */
export async function startNode(files: NodeFiles, timeoutMs = 30_000): Promise<NodeProcess> {
  for (let attempt = 1; ; attempt++) {
    const { child, out, exited } = spawnNode(files.configFile);
    let exit: Exit | undefined;
    void exited.then((e) => (exit = e));
    const url = `http://127.0.0.1:${files.port}`;
    const deadline = Date.now() + timeoutMs;
    let up = false;
    while (!up && exit === undefined && Date.now() < deadline) {
      up = await healthy(url);
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    if (!up) {
      if (exit === undefined) {
        child.kill('SIGKILL');
        await exited;
        throw new Error(`node did not answer /v1/health within ${timeoutMs} ms\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`);
      }
      // Someone took the port between freePort() and the bind: move to another one.
      if (/already in use/.test(out.stderr) && attempt < 3) {
        const port = await freePort();
        files.text = files.text.replace(`listen = "127.0.0.1:${files.port}"`, `listen = "127.0.0.1:${port}"`);
        files.port = port;
        writeFileSync(files.configFile, files.text);
        continue;
      }
      throw new Error(`node exited (code ${exit.code}, signal ${exit.signal}) before it was healthy\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`);
    }
    const node: NodeProcess = {
      url,
      child,
      files,
      get stdout() {
        return out.stdout;
      },
      get stderr() {
        return out.stderr;
      },
      exited,
      async api(method, path, body) {
        const res = await fetch(`${url}${path}`, {
          method,
          headers: { authorization: `Bearer ${files.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await res.text();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        return { status: res.status, body: parsed as any };
      },
      async stop(stopTimeoutMs = 10_000) {
        const start = Date.now();
        if (exit === undefined) child.kill('SIGTERM');
        const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), stopTimeoutMs).unref());
        const result = await Promise.race([exited, timer]);
        if (result === 'timeout') {
          child.kill('SIGKILL');
          await exited;
          throw new Error(`node did not exit within ${stopTimeoutMs} ms of SIGTERM\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`);
        }
        return { ...result, ms: Date.now() - start };
      },
    };
    return node;
  }
}

/** SIGKILL every node process this module started that is still running (afterAll). */
export async function killAllNodes(): Promise<void> {
  const waits: Promise<unknown>[] = [];
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      waits.push(new Promise((r) => child.once('exit', r)));
      child.kill('SIGKILL');
    }
  }
  await Promise.all(waits);
  children.clear();
}

/** Every file under `dir` (recursively), read as bytes: name relative to `dir` → contents. */
export function readAllFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name);
      files.set(relative(dir, full), readFileSync(full));
    }
  }
  return files;
}
