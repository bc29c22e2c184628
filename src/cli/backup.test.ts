// keyferry backup / archive / restore as an operator runs them: real CLI processes against
// one real site of three node processes (each its own process, so one can be stopped,
// emptied and started again blank). Archive then restore onto a blank node with the same
// master KEK gives back the very shares (read from the nodes' SQLite files, recombined to
// the key's public key) and the key still exports in a session; a blank node with another
// KEK refuses with the sentence; a noCopy key is disabled by its backup and refused a
// second restore.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../crypto/bytes.ts';
import { getCurve, publicKeyFromScalar, type CurveName } from '../crypto/curves.ts';
import { parseSpki } from '../crypto/public-key.ts';
import { combine } from '../crypto/shamir.ts';
import { readShare, type StoredShare } from '../node/test-support/read-share.ts';
import { startSiteProcesses, type SiteProcesses } from '../node/test-support/site-processes.ts';
import { runKeyferry, type CliRun } from './test-support/run-cli.ts';

const NODES = [1, 2, 3] as const;
const KEYS: Array<{ keyId: string; curve: CurveName; chainCode?: boolean }> = [
  { keyId: 'cold-secp', curve: 'secp256k1', chainCode: true },
  { keyId: 'cold-p256', curve: 'P-256' },
  { keyId: 'cold-nocopy', curve: 'Ed25519' },
];
const work = mkdtempSync(join(tmpdir(), 'keyferry-backup-cli-'));
const dir = join(work, 'cold');
let site: SiteProcesses;
const before = new Map<string, StoredShare[]>();
/** Node 2's master KEK as the cluster made it. */
let originalKek2 = '';

const keyferry = (args: string[]): Promise<CliRun> => runKeyferry(args, site.home);
const keyArgs = (ids: string[]) => ids.flatMap((id) => ['--key-id', id]);

async function sharesOf(keyId: string): Promise<Array<StoredShare | undefined>> {
  return Promise.all(NODES.map((i) => readShare(site.home, 'main', i, keyId)));
}

/** Stop node 2, empty its data folder, give it this master KEK, start it again: a blank node. */
async function blankNode2(kekHex: string): Promise<void> {
  const files = site.node(2).files;
  await site.kill(2);
  rmSync(files.dataDir, { recursive: true, force: true });
  writeFileSync(files.kekFile, `${kekHex}\n`, { mode: 0o600 });
  await site.restart(2);
}

beforeAll(async () => {
  site = await startSiteProcesses('main');
  originalKek2 = readFileSync(site.node(2).files.kekFile, 'utf8').trim();
  for (const k of KEYS) {
    const gen = await keyferry(['session', 'keygen', '--site', 'main', '--curve', k.curve, '--key-id', k.keyId, ...(k.chainCode ? ['--chain-code'] : [])]);
    expect(gen.code, gen.stderr).toBe(0);
  }
  for (const i of NODES) expect((await site.api(i, 'PUT', '/v1/keys/cold-nocopy/no-copy', { noCopy: true })).status).toBe(200);
  for (const k of KEYS) before.set(k.keyId, (await sharesOf(k.keyId)) as StoredShare[]);
}, 180_000);

afterAll(async () => {
  await site?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('keyferry backup, archive and restore on a real site', { timeout: 240_000 }, () => {
  it('archives: one verified file per key per node, then the keys are gone from every node', async () => {
    const run = await keyferry(['archive', '--site', 'main', '--dir', dir, ...keyArgs(KEYS.map((k) => k.keyId)), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; keys: Array<{ keyId: string; ok: boolean; stored: boolean; deletedFrom: number[] }> };
    expect(result.ok).toBe(true);
    expect(result.keys.map((k) => [k.keyId, k.ok, k.stored, k.deletedFrom])).toEqual(KEYS.map((k) => [k.keyId, true, true, [1, 2, 3]]));
    expect(run.stderr).toMatch(/archive: delete 3\/3/);
    for (const k of KEYS) {
      for (const i of NODES) {
        const record = JSON.parse(readFileSync(join(dir, k.keyId, `node-${i}.json`), 'utf8'));
        expect(record).toMatchObject({ format: 'keyferry-raw/1', site: 'main', index: i, keyId: k.keyId, curve: k.curve, noCopy: k.keyId === 'cold-nocopy', chainCode: k.chainCode === true });
        expect((await site.api(i, 'GET', `/v1/keys/${k.keyId}`)).status).toBe(404);
      }
    }
  });

  it('a blank node 2 with another master KEK refuses its records with the sentence; nodes 1 and 3 take theirs', async () => {
    await blankNode2(randomBytes(32).toString('hex'));
    const run = await keyferry(['restore', '--site', 'main', '--dir', dir, '--all']);
    expect(run.code).toBe(1);
    const record = JSON.parse(readFileSync(join(dir, 'cold-secp', 'node-2.json'), 'utf8'));
    expect(run.stderr).toContain(`restore: key cold-secp was refused by main node 2: key cold-secp (main node 2) was backed up under another master KEK (fingerprint ${record.kekFingerprint.slice(0, 16)}…)`);
    for (const k of KEYS) expect(run.stdout).toContain(`  ${k.keyId}  FAILED`);
    expect((await site.api(2, 'GET', '/v1/keys')).json.keys).toEqual([]);
    for (const i of [1, 3]) expect((await site.api(i, 'GET', '/v1/keys/cold-secp')).status).toBe(200);
  });

  it('restored onto a blank node 2 with the same KEK: the same shares, the site\'s key, and it still exports', async () => {
    await blankNode2(originalKek2);
    const run = await keyferry(['restore', '--site', 'main', '--dir', dir, '--all', '--node', '2', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { keys: Array<{ keyId: string; ok: boolean; verified: boolean; outcomes: Array<{ node: number; status: string }> }> };
    expect(result.keys.map((k) => [k.keyId, k.ok, k.verified, k.outcomes.map((o) => `${o.node} ${o.status}`)])).toEqual(
      [...KEYS].sort((a, b) => a.keyId.localeCompare(b.keyId)).map((k) => [k.keyId, true, true, ['2 restored']]),
    );
    for (const k of KEYS) {
      const now = (await sharesOf(k.keyId)) as StoredShare[];
      const then = before.get(k.keyId)!;
      for (const i of NODES) {
        expect(toBase64(now[i - 1]!.share), `${k.keyId} node ${i}`).toBe(toBase64(then[i - 1]!.share));
        expect(now[i - 1]!.chainCode && toBase64(now[i - 1]!.chainCode!)).toBe(then[i - 1]!.chainCode && toBase64(then[i - 1]!.chainCode!));
      }
      // Any t+1 = 2 restored shares recombine to the key's private scalar: its public key is the site's.
      const curve = getCurve(k.curve);
      const secret = combine(curve, [{ index: 2, value: now[1]!.share }, { index: 3, value: now[2]!.share }]);
      const pub = parseSpki(now[0]!.publicKey);
      expect(pub.algorithm).not.toBe('RSA');
      expect(toBase64(publicKeyFromScalar(curve, secret))).toBe(toBase64((pub as { point: Uint8Array }).point));
    }

    // A session export of a restored key: every node takes part (node 2 with its restored share).
    const wrapping = NODES.map((i) => {
      const spki = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      writeFileSync(join(work, `wrap-${i}.b64`), spki);
      return spki;
    });
    for (const i of NODES) {
      const config = (await site.api(i, 'GET', '/v1/export-config')).json;
      expect((await site.api(i, 'PUT', '/v1/export-config', { enableExport: true, whitelist: [wrapping[i - 1]], version: config.version })).status).toBe(200);
    }
    const out = join(work, 'cold-secp.bundle.json');
    const exported = await keyferry(['session', 'export', '--site', 'main', '--key-id', 'cold-secp', ...NODES.flatMap((i) => ['--wrapping-key', join(work, `wrap-${i}.b64`)]), '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const bundle = JSON.parse(readFileSync(out, 'utf8'));
    expect(bundle.publicKey).toBe(toBase64(before.get('cold-secp')![0]!.publicKey));
    expect(bundle.shares.map((s: { index: number; wrappedChainCode?: string }) => [s.index, typeof s.wrappedChainCode])).toEqual(NODES.map((i) => [i, 'string']));
  });

  it('a noCopy key: its backup disables it on every node (no session export), and its record is refused a second restore', async () => {
    const again = await keyferry(['restore', '--site', 'main', '--dir', dir, '--key-id', 'cold-nocopy', '--key-id', 'cold-p256']);
    expect(again.code).toBe(1);
    for (const i of NODES) expect(again.stderr).toMatch(new RegExp(`key cold-nocopy was refused by main node ${i}: key cold-nocopy \\(main node ${i}\\) is a noCopy key and this record was restored on this node once already`));
    expect(again.stderr).not.toMatch(/cold-p256 was refused/);
    expect(again.stdout).toMatch(/ {2}cold-p256 {2}node 1 already-present, node 2 already-present, node 3 already-present; public shares verified/);

    const fresh = join(work, 'fresh');
    const backup = await keyferry(['backup', '--site', 'main', '--dir', fresh, '--key-id', 'cold-nocopy']);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('cold-nocopy  backed up and verified (3 nodes); noCopy: now disabled on the nodes');
    for (const i of NODES) {
      expect(existsSync(join(fresh, 'cold-nocopy', `node-${i}.json`))).toBe(true);
      expect((await site.api(i, 'GET', '/v1/keys/cold-nocopy')).json).toMatchObject({ keyId: 'cold-nocopy', noCopy: true, disabled: true });
    }
    const exported = await keyferry(['session', 'export', '--site', 'main', '--key-id', 'cold-nocopy', ...NODES.flatMap((i) => ['--wrapping-key', join(work, `wrap-${i}.b64`)]), '--out', join(work, 'nocopy.bundle.json')]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(/key cold-nocopy is disabled on node \d: it is a noCopy key and was raw-exported/);
    expect(existsSync(join(work, 'nocopy.bundle.json'))).toBe(false);
  });

  it('refuses a command line without keys, and a folder with a misplaced record, naming the file', async () => {
    const none = await keyferry(['backup', '--site', 'main', '--dir', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('name the keys with --key-id');
    const moved = join(work, 'moved');
    const record = readFileSync(join(dir, 'cold-p256', 'node-1.json'), 'utf8');
    const target = join(moved, 'cold-p256');
    rmSync(moved, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'node-2.json'), record);
    const run = await keyferry(['restore', '--site', 'main', '--dir', moved, '--all', '--node', '2']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(target, 'node-2.json')} holds the record of key cold-p256 for node 1; it is in the wrong place`);
  });
});
