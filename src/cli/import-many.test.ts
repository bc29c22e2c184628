// keyferry import-many against a real site: three node processes (site-processes.ts) and
// the compiled CLI (so its split-and-wrap pool runs build/split-wrap-worker.js). Keys of
// every curve are made by node:crypto in several formats — PKCS#8 PEM, SEC1 PEM, binary
// DER, JWK, hex, xprv, some with chain codes — and must arrive on all three nodes under the
// public key node:crypto derives. A bad key and a key ID taken by another key in the middle
// of a manifest fail alone. A run SIGKILLed after its first batch is run again: every key
// is on every node exactly once, and the first run's keys are reported as skipped. The pool
// is also run from source (vitest loads it as TypeScript: the tsx shim).
import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyferryCommand } from '../node/cluster/cli-launch.ts';
import { startSiteProcesses, type SiteProcesses } from '../node/test-support/site-processes.ts';
import { createSplitWrapPool } from './split-wrap-pool.ts';
import { runKeyferry, type CliRun } from './test-support/run-cli.ts';

let site: SiteProcesses | undefined;
let work: string;
const profile = () => join(site!.home, 'sites', 'main.json');
const importMany = (...args: string[]): Promise<CliRun> => runKeyferry(['import-many', '--site', profile(), ...args], site!.home);

interface TestKey {
  keyId: string;
  /** The file's name (folder) — its extension tells the format. */
  file: string;
  /** What goes into the file or the manifest's "key". */
  content: string | Buffer;
  chainCode?: string;
  /** node:crypto's SPKI, base64. */
  publicKey: string;
}

const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' }).toString('base64');

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58check(payload: Buffer): string {
  const sha = (b: Buffer) => createHash('sha256').update(b).digest();
  const bytes = Buffer.concat([payload, sha(sha(payload)).subarray(0, 4)]);
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

/** A BIP32 master xprv for a secp256k1 scalar and chain code. */
function xprv(scalar: Buffer, chainCode: Buffer): string {
  return base58check(Buffer.concat([Buffer.from('0488ade4', 'hex'), Buffer.alloc(1 + 4 + 4), chainCode, Buffer.from([0]), scalar]));
}

const FORMATS = ['pkcs8-pem', 'sec1-pem', 'der', 'jwk', 'hex', 'xprv'] as const;

/** Key `i` of a mixed set: the curve changes every key, the format every four; every fifth carries a chain code. */
function makeKey(prefix: string, i: number): TestKey {
  const curve = (['secp256k1', 'P-256', 'P-384', 'Ed25519'] as const)[i % 4]!;
  let format = FORMATS[Math.floor(i / 4) % FORMATS.length]!;
  // SEC1 is EC only; hex and xprv are read as secp256k1.
  if (curve === 'Ed25519' && format === 'sec1-pem') format = 'jwk';
  if (curve !== 'secp256k1' && (format === 'hex' || format === 'xprv')) format = 'pkcs8-pem';
  const pair = curve === 'Ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: curve });
  const keyId = `${prefix}-${String(i).padStart(3, '0')}`;
  const key: TestKey = { keyId, file: '', content: '', publicKey: spki(pair.publicKey) };
  const d = () => Buffer.from(pair.privateKey.export({ format: 'jwk' }).d!, 'base64url');
  switch (format) {
    case 'pkcs8-pem':
      Object.assign(key, { file: `${keyId}.pem`, content: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) });
      break;
    case 'sec1-pem':
      Object.assign(key, { file: `${keyId}.key`, content: pair.privateKey.export({ type: 'sec1', format: 'pem' }) });
      break;
    case 'der':
      Object.assign(key, { file: `${keyId}.der`, content: pair.privateKey.export({ type: 'pkcs8', format: 'der' }) });
      break;
    case 'jwk':
      Object.assign(key, { file: `${keyId}.jwk`, content: JSON.stringify(pair.privateKey.export({ format: 'jwk' })) });
      break;
    case 'hex':
      Object.assign(key, { file: `${keyId}.hex`, content: `${d().toString('hex')}\n` });
      break;
    case 'xprv': {
      const chain = randomBytes(32);
      Object.assign(key, { file: `${keyId}.xprv`, content: xprv(d(), chain), chainCode: chain.toString('hex') });
      return key;
    }
  }
  if (i % 5 === 0) key.chainCode = randomBytes(32).toString('hex');
  return key;
}

/** The key as text: binary DER as one-line base64 when the core's base64 reader takes it (128 bytes and more), else as PKCS#8 PEM. */
function keyAsText(k: TestKey): string {
  if (!Buffer.isBuffer(k.content)) return k.content;
  const b64 = k.content.toString('base64');
  return b64.startsWith('MI') ? b64 : `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

/** A manifest line for the key. */
const manifestLine = (k: TestKey) => JSON.stringify({ keyId: k.keyId, key: keyAsText(k), ...(k.chainCode === undefined ? {} : { chainCode: k.chainCode }) });

function writeManifest(name: string, keys: readonly TestKey[], extra: (lines: string[]) => void = () => undefined): string {
  const lines = keys.map(manifestLine);
  extra(lines);
  const path = join(work, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

type NodeKeyRow = { keyId: string; publicKey: string; chainCode: boolean };

/** Each node's keys. */
async function nodesKeys(): Promise<NodeKeyRow[][]> {
  const out: NodeKeyRow[][] = [];
  for (const i of [1, 2, 3]) {
    const r = await site!.api(i, 'GET', '/v1/keys');
    expect(r.status).toBe(200);
    out.push(r.json.keys as NodeKeyRow[]);
  }
  return out;
}

/** Every key on all three nodes exactly once, with node:crypto's public key and its chain-code flag. */
async function expectOnEveryNode(keys: readonly TestKey[]): Promise<void> {
  const all = await nodesKeys();
  for (const [n, list] of all.entries()) {
    for (const k of keys) {
      const copies = list.filter((x) => x.keyId === k.keyId);
      expect(copies.length, `${k.keyId} on node ${n + 1}`).toBe(1);
      expect(copies[0]!.publicKey, `${k.keyId} (${k.file}) on node ${n + 1}`).toBe(k.publicKey);
      expect(copies[0]!.chainCode, `${k.keyId} chain code flag`).toBe(k.chainCode !== undefined);
    }
  }
}

/** No session on any node still waiting or running (a killed CLI's session finishes or times out). */
async function sessionsSettled(): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    let busy = false;
    for (const i of [1, 2, 3]) {
      const r = await site!.api(i, 'GET', '/v1/sessions');
      busy ||= (r.json.sessions as { state: string }[]).some((x) => x.state !== 'done' && x.state !== 'failed');
    }
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('sessions did not settle within 60 s');
}

type ReportRow = { keyId: string; source: string; status: string; reason?: string; message?: string; publicKey?: string };

/** A minimal RFC 4180 reader for the report (quoted fields with "" and line breaks). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += c;
  }
  return rows;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'keyferry-import-many-'));
  site = await startSiteProcesses('main');
}, 120_000);
afterAll(async () => {
  await site?.stop();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('the split-and-wrap pool from source', () => {
  it('wraps keys on worker threads (the tsx shim) for every target, one entry per key in order', async () => {
    const targets = [1, 2, 3].map((index) => {
      const der = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
      return { index, spki: der.toString('base64'), fingerprint: createHash('sha256').update(der).digest('hex') };
    });
    const keys = Array.from({ length: 12 }, (_, i) => makeKey('pool', i));
    const items = keys.map((k) => ({ keyId: k.keyId, source: k.file, key: keyAsText(k), ...(k.chainCode === undefined ? {} : { chainCode: k.chainCode }) }));
    items.splice(5, 0, { keyId: 'pool-bad', source: 'bad.pem', key: 'not a key' });
    const pool = createSplitWrapPool({ workers: 2, chunkSize: 4 });
    try {
      const out = await pool.wrap(items, targets, 1);
      expect(out.map((o) => o.keyId)).toEqual(items.map((i) => i.keyId));
      expect(out[5]!.error).toContain('bad.pem: key pool-bad is not a private key Keyferry reads');
      const good = out.filter((o) => o.error === undefined);
      expect(good.map((o) => o.publicKey)).toEqual(keys.map((k) => k.publicKey));
      for (const o of good) {
        expect(o.bundle!.keyId).toBe(o.keyId);
        expect(o.bundle!.shares.map((s) => s.wrappingKeyFingerprint)).toEqual(targets.map((t) => t.fingerprint));
      }
      expect(good.filter((o) => o.bundle!.shares[0]!.wrappedChainCode !== undefined).length).toBe(keys.filter((k) => k.chainCode !== undefined).length);
    } finally {
      pool.close();
    }
  }, 60_000);
});

describe('keyferry import-many against a real site', { timeout: 600_000 }, () => {
  it('a folder of mixed keys and a JSONL manifest: every key on all 3 nodes under its public key; CSV and JSON reports', async () => {
    const folderKeys = Array.from({ length: 36 }, (_, i) => makeKey('dir', i));
    const dir = join(work, 'keys');
    mkdirSync(dir);
    for (const k of folderKeys) {
      writeFileSync(join(dir, k.file), k.content);
      // xprv files carry their own chain code; the others get a <name>.chaincode beside them.
      if (k.chainCode !== undefined && !k.file.endsWith('.xprv')) writeFileSync(join(dir, `${k.keyId}.chaincode`), `${k.chainCode}\n`);
    }
    writeFileSync(join(dir, '.DS_Store'), 'not a key');
    const csvFile = join(work, 'folder-report.csv');
    const r1 = await importMany('--keys', dir, '--batch-size', '10', '--report', csvFile);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stdout).toContain('36 key(s) into site main: 36 done, 0 skipped, 0 failed');
    expect(r1.stderr).toMatch(/\[10\/36\] 10 done, 0 skipped, 0 failed — [\d.]+ keys\/s, ~\d+ s left/);
    expect(r1.stderr).toContain('[36/36] 36 done');
    await expectOnEveryNode(folderKeys);
    const csv = readCsv(readFileSync(csvFile, 'utf8'));
    expect(csv[0]).toEqual(['keyId', 'source', 'status', 'reason', 'message', 'publicKey']);
    expect(csv.slice(1).map((row) => [row[0], row[1], row[2], row[5]])).toEqual(folderKeys.map((k) => [k.keyId, k.file, 'done', k.publicKey]));

    const manifestKeys = Array.from({ length: 36 }, (_, i) => makeKey('jsonl', i + 1));
    const manifest = writeManifest('keys.jsonl', manifestKeys, (lines) => lines.splice(3, 0, '', '   '));
    const jsonFile = join(work, 'manifest-report.json');
    const r2 = await importMany('--keys', manifest, '--report', jsonFile, '--json');
    expect(r2.code, r2.stderr).toBe(0);
    await expectOnEveryNode(manifestKeys);
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { format: string; keys: ReportRow[] };
    expect(report.format).toBe('keyferry-bulk-report/1');
    expect(report.keys.map((k) => [k.keyId, k.status, k.publicKey])).toEqual(manifestKeys.map((k) => [k.keyId, 'done', k.publicKey]));
    // Line numbers count the blank lines too.
    expect(report.keys[3]!.source).toBe('keys.jsonl:6');
    const printed = JSON.parse(r2.stdout) as { site: string; progress: { done: number; total: number }; keys: ReportRow[] };
    expect(printed).toMatchObject({ site: 'main', progress: { done: 36, total: 36 } });
    // No key material on either stream.
    for (const k of [...folderKeys, ...manifestKeys]) {
      if (typeof k.content === 'string') expect(r1.stdout + r1.stderr + r2.stdout + r2.stderr).not.toContain(k.content.trim().slice(0, 40));
    }
  });

  it('a bad key and a key ID taken by another key in the middle of the manifest fail alone; the rest are on every node', async () => {
    const taken = makeKey('taken', 1);
    const first = await importMany('--keys', writeManifest('taken.jsonl', [taken]));
    expect(first.code, first.stderr).toBe(0);
    const keys = Array.from({ length: 20 }, (_, i) => makeKey('mid', i));
    const impostor = { ...makeKey('x', 2), keyId: taken.keyId };
    const manifest = writeManifest('mixed.jsonl', keys, (lines) => {
      lines.splice(7, 0, JSON.stringify({ keyId: 'mid-bad', key: 'ab'.repeat(31) }));
      lines.splice(12, 0, manifestLine(impostor));
    });
    const reportFile = join(work, 'mixed.json');
    const r = await importMany('--keys', manifest, '--batch-size', '30', '--report', reportFile);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('22 key(s) into site main: 20 done, 0 skipped, 2 failed');
    expect(r.stderr).toMatch(/failed mid-bad: mixed\.jsonl:8: key mid-bad is not a private key Keyferry reads/);
    expect(r.stderr).toContain(`failed ${taken.keyId}: mixed.jsonl:13: key ID ${taken.keyId} is held on site main (nodes 1, 2, 3) for another key`);
    expect(r.stderr).toContain('2 key(s) failed (listed above and in');
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { keys: ReportRow[] };
    expect(report.keys.filter((k) => k.status === 'failed').map((k) => [k.keyId, k.reason])).toEqual([
      ['mid-bad', 'invalid-key'],
      [taken.keyId, 'conflict'],
    ]);
    await expectOnEveryNode([...keys, taken]);
    const all = await nodesKeys();
    for (const list of all) expect(list.some((k) => k.keyId === 'mid-bad')).toBe(false);
  });

  it('a malformed manifest line is a usage error naming the line and field, and imports nothing', async () => {
    const keys = [makeKey('never', 0), makeKey('never', 1)];
    const manifest = writeManifest('malformed.jsonl', keys, (lines) => lines.push('{"keyId": "never-2"}'));
    const r = await importMany('--keys', manifest);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('malformed.jsonl:3: "key" must be the private key');
    expect(r.stderr).toContain('nothing was imported');
    for (const list of await nodesKeys()) expect(list.some((k) => k.keyId.startsWith('never-'))).toBe(false);
  });

  it('killed after its first batch and run again: every key on every node exactly once, the first run\'s keys skipped', async () => {
    const keys = Array.from({ length: 400 }, (_, i) => {
      const pair = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
      const d = Buffer.from(pair.privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('hex');
      return { keyId: `resume-${String(i).padStart(3, '0')}`, file: '', content: d, publicKey: spki(pair.publicKey) } satisfies TestKey;
    });
    const manifest = writeManifest('resume.jsonl', keys);
    const command = keyferryCommand(['import-many', '--site', profile(), '--keys', manifest, '--batch-size', '50']);
    const child = spawn(command.file, command.args, { cwd: command.cwd, env: { ...process.env, KEYFERRY_HOME: site!.home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (/\[(\d+)\/400\] [1-9]\d* done/.test(stderr)) resolve();
        });
        void exited.then(() => reject(new Error(`the CLI ended before its first batch was reported: ${stderr}`)));
      });
      child.kill('SIGKILL');
      await exited;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await sessionsSettled();
    const before = await nodesKeys();
    const landed = keys.filter((k) => before.every((list) => list.some((x) => x.keyId === k.keyId)));
    expect(landed.length).toBeGreaterThanOrEqual(50);
    expect(landed.length).toBeLessThan(400);

    const reportFile = join(work, 'resume.csv');
    const again = await importMany('--keys', manifest, '--batch-size', '50', '--report', reportFile);
    expect(again.code, again.stderr).toBe(0);
    const rows = readCsv(readFileSync(reportFile, 'utf8')).slice(1);
    expect(rows.length).toBe(400);
    const skipped = new Set(rows.filter((r) => r[2] === 'skipped').map((r) => r[0]));
    for (const k of landed) expect(skipped.has(k.keyId), `${k.keyId} skipped`).toBe(true);
    expect(rows.filter((r) => r[2] === 'done').length).toBe(400 - skipped.size);
    expect(again.stdout).toContain(`400 key(s) into site main: ${400 - skipped.size} done, ${skipped.size} skipped, 0 failed`);
    await expectOnEveryNode(keys);
    const after = await nodesKeys();
    for (const list of after) expect(list.filter((k) => k.keyId.startsWith('resume-')).length).toBe(400);
  });
});
