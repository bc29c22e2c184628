// keyferry migrate against two real sites (six node processes, site-processes.ts) and the
// compiled CLI. Keys of three curves are made by node:crypto and imported onto main with
// import-many; every check reads the nodes and compares with node:crypto's public keys.
// Covered: refusal before the whitelists allow the export (nothing changed); a copy that
// keeps the source and is skipped the second time; an unknown --key-id (exit 2); a noCopy
// key copied never, moved with its flag; the CLI SIGKILLed mid-copy, then the same command:
// every key on every target node exactly once; Ctrl-C: the batch in hand ends, the same
// command does the rest; a move whose target node is down before the
// check: the source keeps the key, and after the node returns the same command finishes;
// a move whose target node is killed mid-run: no key is ever on neither site, and the same
// command finishes.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyferryCommand } from '../node/cluster/cli-launch.ts';
import { startBothSites, type SiteProcesses } from '../node/test-support/site-processes.ts';
import { runKeyferry, type CliRun } from './test-support/run-cli.ts';

const NODES = [1, 2, 3] as const;
let main: SiteProcesses | undefined;
let failover: SiteProcesses | undefined;
let work: string;
/** keyId → node:crypto's SPKI (base64 DER). */
const expected = new Map<string, string>();

const mainProfile = () => join(main!.home, 'sites', 'main.json');
const failoverProfile = () => join(failover!.home, 'sites', 'failover.json');
const migrateArgs = (...more: string[]) => ['migrate', '--from', mainProfile(), '--to', failoverProfile(), ...more];
const migrate = (...more: string[]): Promise<CliRun> => runKeyferry(migrateArgs(...more), main!.home);

type Key = { keyId: string; publicKey: string; noCopy?: boolean };

async function keysOn(s: SiteProcesses, i: number): Promise<Key[]> {
  const r = await s.api(i, 'GET', '/v1/keys');
  expect(r.status).toBe(200);
  return r.json.keys as Key[];
}

/** keyId → how many nodes of the site hold it with node:crypto's public key; throws on any other public key or a duplicate. */
async function census(s: SiteProcesses, nodes: readonly number[] = NODES): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const i of nodes) {
    const keys = await keysOn(s, i);
    expect(new Set(keys.map((k) => k.keyId)).size, `${s.site} node ${i} lists a key twice`).toBe(keys.length);
    for (const k of keys) {
      if (expected.has(k.keyId)) expect(k.publicKey, `${k.keyId} on ${s.site} node ${i}`).toBe(expected.get(k.keyId));
      out.set(k.keyId, (out.get(k.keyId) ?? 0) + 1);
    }
  }
  return out;
}

/** Fresh keys imported onto main through import-many (a JSONL manifest), their public keys noted. */
async function importOntoMain(prefix: string, count: number): Promise<string[]> {
  const curves = ['secp256k1', 'prime256v1', 'ed25519'] as const;
  const lines: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const curve = curves[i % curves.length]!;
    const { privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject } = curve === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: curve });
    const keyId = `${prefix}-${String(i).padStart(3, '0')}`;
    ids.push(keyId);
    expected.set(keyId, publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
    lines.push(JSON.stringify({ keyId, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }));
  }
  const manifest = join(work, `${prefix}.jsonl`);
  writeFileSync(manifest, `${lines.join('\n')}\n`);
  const r = await runKeyferry(['import-many', '--site', mainProfile(), '--keys', manifest], main!.home);
  expect(r.code, r.stderr).toBe(0);
  return ids;
}

/** Main node i may export under fail-over node i's wrapping key. */
async function whitelistFailoverOnMain(): Promise<void> {
  for (const i of NODES) {
    const wk = await failover!.api(i, 'GET', '/v1/wrapping-key');
    const current = await main!.api(i, 'GET', '/v1/export-config');
    const put = await main!.api(i, 'PUT', '/v1/export-config', { version: current.json.version, enableExport: true, whitelist: [wk.json.spki] });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
  }
}

/** No session still waiting or running on any node (a killed CLI's or node's sessions end or time out). */
async function settled(): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    let busy = false;
    for (const s of [main!, failover!]) {
      for (const i of NODES) {
        const r = await s.api(i, 'GET', '/v1/sessions');
        busy ||= r.status !== 200 || (r.json.sessions as { state: string }[]).some((x) => x.state !== 'done' && x.state !== 'failed');
      }
    }
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('sessions did not settle within 60 s');
}

/** Runs the CLI, calling `when` with its stderr so far on every chunk; the first signal `when` names is sent to the CLI. */
async function runUntil(args: string[], when: (stderr: string) => NodeJS.Signals | undefined): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const command = keyferryCommand(args);
  const child = spawn(command.file, command.args, { cwd: command.cwd, env: { ...process.env, KEYFERRY_HOME: main!.home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sent = false;
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
  try {
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const send = sent ? undefined : when(stderr);
      if (send !== undefined && child.exitCode === null) {
        sent = true;
        child.kill(send);
      }
    });
    const [code, signal] = await exited;
    return { code, signal, stdout, stderr };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'keyferry-migrate-'));
  ({ main, failover } = await startBothSites());
}, 120_000);
afterAll(async () => {
  await Promise.allSettled([main?.stop(), failover?.stop()]);
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('keyferry migrate between two real sites', { timeout: 300_000 }, () => {
  it('refuses while main may not export under the fail-over keys, then copies, keeps the source and skips the second time', async () => {
    const ids = await importOntoMain('cp', 6);
    const early = await migrate('--key-id', ids[0]!);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/main node 1 (does not have failover node 1's wrapping key|has export disabled)/);
    expect(early.stderr).toContain('nothing was copied or deleted');
    expect((await census(failover!)).size).toBe(0);

    await whitelistFailoverOnMain();
    const report = join(work, 'copy.csv');
    const r = await migrate(...ids.flatMap((id) => ['--key-id', id]), '--report', report);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('6 key(s) main → failover: 6 copied, 0 skipped, 0 conflict(s), 0 failed');
    expect(r.stderr).toMatch(/\[\d+\/6\] batch 1\/1 checking on every target node/);
    const onFailover = await census(failover!);
    const onMain = await census(main!);
    for (const id of ids) {
      expect(onFailover.get(id), id).toBe(3);
      expect(onMain.get(id), id).toBe(3);
    }
    const csv = readFileSync(report, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('keyId,status,reason,message,site,node,publicKey');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(ids.map((id) => `${id},copied`));

    const again = await migrate(...ids.flatMap((id) => ['--key-id', id]), '--json');
    expect(again.code, again.stderr).toBe(0);
    const json = JSON.parse(again.stdout) as { progress: { copied: number; skipped: number }; results: { keyId: string; status: string; reason?: string }[] };
    expect(json.progress).toMatchObject({ copied: 0, skipped: 6 });
    expect(json.results.every((x) => x.status === 'skipped' && x.reason === 'already-present')).toBe(true);
  });

  it('an unknown --key-id is a usage error that changes nothing; a noCopy key is never copied but moves with its flag', async () => {
    const unknown = await migrate('--key-id', 'no-such-key');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no-such-key');

    await whitelistFailoverOnMain();
    const [id] = await importOntoMain('nc', 1);
    for (const i of NODES) expect((await main!.api(i, 'PUT', `/v1/keys/${id}/no-copy`, { noCopy: true })).status).toBe(200);
    const copy = await migrate('--key-id', id!);
    expect(copy.code).toBe(1);
    expect(copy.stderr).toContain(`key ${id} is marked noCopy on main`);
    expect((await census(failover!)).get(id!)).toBeUndefined();

    const moved = await migrate('--key-id', id!, '--move');
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain('1 moved');
    expect((await census(main!)).get(id!)).toBeUndefined();
    for (const i of NODES) expect((await keysOn(failover!, i)).find((k) => k.keyId === id)?.noCopy, `failover node ${i}`).toBe(true);
  });

  it('killed part-way through a copy and run again: every key on every fail-over node exactly once, the source untouched', async () => {
    await whitelistFailoverOnMain();
    const ids = await importOntoMain('kc', 60);
    // SIGKILL once the second batch is being imported: the first is through, the second in flight.
    const cut = await runUntil(migrateArgs('--all', '--batch-size', '15'), (stderr) => (/batch 2\/\d+ importing/.test(stderr) ? 'SIGKILL' : undefined));
    expect(cut.signal, cut.stderr).toBe('SIGKILL');
    await settled();
    const between = await census(failover!);
    const through = ids.filter((id) => between.get(id) === 3).length;
    expect(through, 'the first batch was through before the kill').toBeGreaterThanOrEqual(15);
    expect(through, 'not every batch was through before the kill').toBeLessThan(ids.length);
    for (const id of ids) expect([undefined, 3], `${id} is on some fail-over nodes only`).toContain(between.get(id));

    const again = await migrate('--all', '--batch-size', '15', '--json');
    expect(again.code, again.stderr).toBe(0);
    const json = JSON.parse(again.stdout) as { results: { keyId: string; status: string }[] };
    const mine = json.results.filter((x) => ids.includes(x.keyId));
    expect(mine.filter((x) => x.status === 'skipped').length).toBe(through);
    expect(mine.filter((x) => x.status === 'copied').length).toBe(ids.length - through);
    const onFailover = await census(failover!);
    const onMain = await census(main!);
    for (const id of ids) {
      expect(onFailover.get(id), id).toBe(3);
      expect(onMain.get(id), id).toBe(3);
    }
  });

  it('Ctrl-C stops after the batch in hand, saying so and what to run; that command copies the rest', async () => {
    await whitelistFailoverOnMain();
    const ids = await importOntoMain('ci', 40);
    const report = join(work, 'ctrl-c.json');
    const args = migrateArgs(...ids.flatMap((id) => ['--key-id', id]), '--batch-size', '10', '--report', report);
    const cut = await runUntil(args, (stderr) => (/batch 1\/4 importing/.test(stderr) ? 'SIGINT' : undefined));
    expect(cut.code, cut.stderr).toBe(1);
    expect(cut.stderr).toContain('stopping after the batch in hand');
    expect(cut.stderr).toContain('stopped after batch 1 of 4; to finish 30 key(s), run the same command again: keyferry migrate --from');
    const between = await census(failover!);
    expect(ids.filter((id) => between.get(id) === 3)).toEqual(ids.slice(0, 10));
    expect(ids.filter((id) => between.has(id) && between.get(id) !== 3)).toEqual([]);
    // The report names every planned key: the first batch copied, the rest not reached.
    const rows = (JSON.parse(readFileSync(report, 'utf8')) as { keys: { keyId: string; status: string; message?: string }[] }).keys;
    expect(rows.map((r) => [r.keyId, r.status])).toEqual(ids.map((id, i) => [id, i < 10 ? 'copied' : 'not-reached']));
    expect(rows[10]!.message).toContain('stopped after batch 1 of 4');
    const again = await runKeyferry(args, main!.home);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('40 key(s) main → failover: 30 copied, 10 skipped, 0 conflict(s), 0 failed');
  });

  it('a move whose target node is down before the check keeps the key on the source; once the node is back the same command finishes', async () => {
    await whitelistFailoverOnMain();
    const ids = await importOntoMain('mv', 3);
    const copied = await migrate(...ids.flatMap((id) => ['--key-id', id]));
    expect(copied.code, copied.stderr).toBe(0);
    await failover!.kill(3);
    const args = [...ids.flatMap((id) => ['--key-id', id]), '--move'];
    try {
      const r = await migrate(...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('failover node 3');
      expect(r.stderr).toContain('nothing was copied or deleted');
      const onMain = await census(main!);
      for (const id of ids) expect(onMain.get(id), id).toBe(3);
    } finally {
      await failover!.restart(3);
    }
    const done = await migrate(...args);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('3 moved');
    const onMain = await census(main!);
    const onFailover = await census(failover!);
    for (const id of ids) {
      expect(onMain.get(id), id).toBeUndefined();
      expect(onFailover.get(id), id).toBe(3);
    }
  });

  it('a move whose target node is killed mid-run never leaves a key on neither site, says what to run, and that command finishes it', async () => {
    await whitelistFailoverOnMain();
    const ids = await importOntoMain('mk', 45);
    const args = migrateArgs(...ids.flatMap((id) => ['--key-id', id]), '--move', '--batch-size', '15');
    let killed: Promise<void> | undefined;
    const cut = await runUntil(args, (stderr) => {
      if (killed === undefined && /batch 2\/3 importing/.test(stderr)) killed = failover!.kill(2);
      return undefined;
    });
    await killed;
    expect(killed, cut.stderr).toBeDefined();
    try {
      expect(cut.code, cut.stderr).toBe(1);
      expect(cut.stderr).toContain('failover node 2');
      expect(cut.stderr).toContain(`run the same command again: keyferry migrate --from ${mainProfile()}`);
      await settled().catch(() => undefined);
      // Node 2 is down: a key gone from main must be on both fail-over nodes still answering.
      const onMain = await census(main!);
      const onFailover = await census(failover!, [1, 3]);
      for (const id of ids) {
        const m = onMain.get(id);
        expect([undefined, 3], `${id} half-deleted on main`).toContain(m);
        if (m === undefined) expect(onFailover.get(id), `${id} left main before it was on the fail-over site`).toBe(2);
      }
      expect(ids.some((id) => onMain.get(id) === 3), 'some keys were still to move when the node died').toBe(true);
    } finally {
      await failover!.restart(2);
    }
    await settled();
    const done = await runKeyferry(args, main!.home);
    expect(done.code, done.stderr).toBe(0);
    const onMain = await census(main!);
    const onFailover = await census(failover!);
    for (const id of ids) {
      expect(onMain.get(id), id).toBeUndefined();
      expect(onFailover.get(id), id).toBe(3);
    }
  });
});
