// keyferry session keygen / export / import as an operator runs them: real CLI processes
// against a real local cluster (two sites of three node processes, one cluster for the
// whole file). Keys come from the nodes' joint keygen or from node:crypto; the nodes'
// stored public keys are read back through their API.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBundle } from '../crypto/bundle.ts';
import type { SessionView } from '../protocol/session.ts';
import { startTestCluster, type TestCluster } from '../node/test-support/cluster-fixture.ts';
import { runKeyferry, type CliRun } from './test-support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'keyferry-session-cli-'));
const f = (name: string) => join(dir, name);
const NODES = [1, 2, 3] as const;

let cluster: TestCluster;

/** The CLI as a separate process; KEYFERRY_HOME points at the test cluster so `--site main` works. */
const keyferry = (args: string[]): Promise<CliRun> => runKeyferry(args, cluster.home);

const pem = (spkiBase64: string) => createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }) as string;

/** node i's wrapping key (base64 DER SPKI) and its fingerprint. */
const wrappingKeys: Record<'main' | 'failover', { spki: string; fingerprint: string }[]> = { main: [], failover: [] };
const failoverPems = NODES.map((i) => f(`failover${i}.pem`));
const mainB64s = NODES.map((i) => f(`main${i}.b64`));
const wrappingArgs = (files: string[]) => files.flatMap((file) => ['--wrapping-key', file]);

async function setWhitelist(site: 'main' | 'failover', index: number, whitelist: string[]): Promise<void> {
  const current = await cluster.api(site, index, 'GET', '/v1/export-config');
  expect(current.status).toBe(200);
  const put = await cluster.api(site, index, 'PUT', '/v1/export-config', { enableExport: true, whitelist, version: current.json.version });
  expect(put.status, JSON.stringify(put.json)).toBe(200);
}

/** Main node i may export only to failover node i's wrapping key. */
async function whitelistFailoverOnMain(): Promise<void> {
  for (const i of NODES) await setWhitelist('main', i, [wrappingKeys.failover[i - 1]!.spki]);
}

async function keyOn(site: 'main' | 'failover', index: number, keyId: string) {
  return cluster.api(site, index, 'GET', `/v1/keys/${keyId}`);
}

/** "  node 2  failed  …" lines of the report. */
const nodeLine = (out: string, index: number) => out.split('\n').find((l) => l.startsWith(`  node ${index}  `)) ?? '';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  cluster = await startTestCluster();
  for (const site of ['main', 'failover'] as const) {
    for (const i of NODES) {
      const wk = await cluster.api(site, i, 'GET', '/v1/wrapping-key');
      expect(wk.status).toBe(200);
      wrappingKeys[site].push({ spki: wk.json.spki, fingerprint: wk.json.fingerprint });
    }
  }
  // Two of the formats --wrapping-key reads: PEM for failover, one-line base64 DER for main.
  for (const i of NODES) {
    writeFileSync(failoverPems[i - 1]!, pem(wrappingKeys.failover[i - 1]!.spki));
    writeFileSync(mainB64s[i - 1]!, `${wrappingKeys.main[i - 1]!.spki}\n`);
  }
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('keyferry session against a real cluster', { timeout: 240_000 }, () => {
  it('fails a key over: keygen on main, export to failover wrapping keys, import on failover', async () => {
    const gen = await keyferry(['session', 'keygen', '--site', 'main', '--curve', 'secp256k1', '--chain-code']);
    expect(gen.stderr).toBe('');
    expect(gen.code).toBe(0);
    for (const i of NODES) expect(nodeLine(gen.stdout, i)).toBe(`  node ${i}  done`);
    expect(gen.stdout).toMatch(/^session [A-Za-z0-9_-]{22} /);
    const keyId = /^key ID +(\S+)$/m.exec(gen.stdout)?.[1];
    expect(keyId).toMatch(/^[A-Za-z0-9_-]{28}$/);
    const onMain = await Promise.all(NODES.map((i) => keyOn('main', i, keyId!)));
    for (const k of onMain) {
      expect(k.status).toBe(200);
      expect(k.json.chainCode).toBe(true);
      expect(k.json.publicKey).toBe(onMain[0]!.json.publicKey);
    }
    const publicKey: string = onMain[0]!.json.publicKey;
    expect(gen.stdout).toContain(`public key   ${publicKey}`);

    await whitelistFailoverOnMain();
    const out = f('failover-flow.json');
    // "--key-id=<id>": a derived key ID may start with "-", which a separate argument would not survive.
    const exp = await keyferry(['session', 'export', '--site', 'main', `--key-id=${keyId!}`, ...wrappingArgs(failoverPems), '--out', out]);
    expect(exp.stderr).toBe('');
    expect(exp.code).toBe(0);
    expect(exp.stdout).toContain(`bundle       ${out}`);
    const bundle = parseBundle(readFileSync(out, 'utf8'));
    expect(bundle.keyId).toBe(keyId);
    expect(bundle.curve).toBe('secp256k1');
    expect(bundle.threshold).toBe(1);
    expect(Buffer.from(bundle.publicKey).toString('base64')).toBe(publicKey);
    expect(bundle.shares.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(bundle.shares.map((s) => s.wrappingKeyFingerprint)).toEqual(wrappingKeys.failover.map((k) => k.fingerprint));
    for (const s of bundle.shares) expect(s.wrappedChainCode?.length).toBe(384); // RSA-3072 ciphertext

    const imp = await keyferry(['session', 'import', '--site', cluster.profileFile('failover'), '--bundle', out]);
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    for (const i of NODES) expect(nodeLine(imp.stdout, i)).toBe(`  node ${i}  done`);
    for (const i of NODES) {
      const k = await keyOn('failover', i, keyId!);
      expect(k.status).toBe(200);
      expect(k.json.publicKey).toBe(publicKey);
      expect(k.json.chainCode).toBe(true);
      expect(k.json.origin).toMatch(/^import session /);
    }
  });

  const curves = [
    { curve: 'secp256k1', make: () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }) },
    { curve: 'P-256', make: () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }), perShare: true },
    { curve: 'P-384', make: () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }) },
    { curve: 'Ed25519', make: () => generateKeyPairSync('ed25519'), json: true },
  ] as const;

  for (const c of curves) {
    it(`migrates an external ${c.curve} key: node:crypto → keyferry split → session import on failover`, async () => {
      const { privateKey, publicKey } = c.make();
      const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      const keyFile = f(`external-${c.curve}.pem`);
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
      const keyId = `external-${c.curve}`;
      const out = f(`external-${c.curve}.json`);
      const split = await keyferry([
        'split', '--key', keyFile, '--threshold', '1', ...wrappingArgs(failoverPems), '--key-id', keyId, '--out', out,
        ...('perShare' in c ? ['--per-share'] : []),
      ]);
      expect(split.stderr).toBe('');
      expect(split.code).toBe(0);
      const bundles = 'perShare' in c ? NODES.map((i) => f(`external-${c.curve}.share-${i}.json`)) : [out];
      const imp = await keyferry(['session', 'import', '--site', 'failover', ...bundles.flatMap((b) => ['--bundle', b]), ...('json' in c ? ['--json'] : [])]);
      expect(imp.stderr).toBe('');
      expect(imp.code).toBe(0);
      if ('json' in c) {
        const report = JSON.parse(imp.stdout) as { ok: boolean; nodes: { index: number; view: SessionView }[] };
        expect(report.ok).toBe(true);
        expect(report.nodes.map((n) => [n.index, n.view.state, n.view.result?.publicKey])).toEqual(NODES.map((i) => [i, 'done', spki]));
      } else {
        for (const i of NODES) expect(nodeLine(imp.stdout, i)).toBe(`  node ${i}  done`);
        expect(imp.stdout).toContain(`key ID       ${keyId}`);
      }
      for (const i of NODES) {
        const k = await keyOn('failover', i, keyId);
        expect(k.status).toBe(200);
        expect(k.json.curve).toBe(c.curve);
        expect(k.json.publicKey).toBe(spki);
        expect(k.json.chainCode).toBe(false);
      }
    });
  }

  it('refuses an export to a wrapping key that is not on one node\'s whitelist, naming that node', async () => {
    const gen = await keyferry(['session', 'keygen', '--site', 'main', '--curve', 'P-256', '--key-id', 'not-whitelisted-1']);
    expect(gen.code).toBe(0);
    await whitelistFailoverOnMain();
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    writeFileSync(f('stranger.pem'), stranger);
    const out = f('not-whitelisted.json');
    const r = await keyferry(['session', 'export', '--site', 'main', '--key-id', 'not-whitelisted-1', ...wrappingArgs([failoverPems[0]!, f('stranger.pem'), failoverPems[2]!]), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^keyferry: session [A-Za-z0-9_-]{22} failed on site main \(not-whitelisted, node 2\): node 2 refuses to export/);
    for (const i of NODES) expect(nodeLine(r.stdout, i)).toMatch(new RegExp(`^  node ${i}  failed  not-whitelisted: node 2 refuses`));
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to import a bundle made for the other site\'s wrapping keys (unwrap-failed), storing nothing', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    writeFileSync(f('wrong-site.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
    const split = await keyferry(['split', '--key', f('wrong-site.pem'), '--threshold', '1', ...wrappingArgs(mainB64s), '--key-id', 'wrong-site-1', '--out', f('wrong-site.json')]);
    expect(split.code).toBe(0);
    const r = await keyferry(['session', 'import', '--site', 'failover', '--bundle', f('wrong-site.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed on site failover \(unwrap-failed, node \d\): node \d has no usable wrapping key/);
    for (const i of NODES) expect(nodeLine(r.stdout, i)).toMatch(/failed {2}unwrap-failed: /);
    for (const i of NODES) expect((await keyOn('failover', i, 'wrong-site-1')).status).toBe(404);
  });

  it('refuses to import when one share belongs to another key (import verification), storing nothing', async () => {
    for (const name of ['mix-a', 'mix-b']) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      writeFileSync(f(`${name}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
      const split = await keyferry(['split', '--key', f(`${name}.pem`), '--threshold', '1', ...wrappingArgs(failoverPems), '--key-id', 'mixed-1', '--out', f(`${name}.json`), '--per-share']);
      expect(split.code).toBe(0);
    }
    // Node 2's share is of key B, wrapped correctly for node 2, under key A's header.
    const b2 = JSON.parse(readFileSync(f('mix-b.share-2.json'), 'utf8'));
    const a2 = JSON.parse(readFileSync(f('mix-a.share-2.json'), 'utf8'));
    writeFileSync(f('mix-forged.share-2.json'), JSON.stringify({ ...a2, shares: b2.shares }));
    const r = await keyferry(['session', 'import', '--site', 'failover', '--bundle', f('mix-a.share-1.json'), '--bundle', f('mix-forged.share-2.json'), '--bundle', f('mix-a.share-3.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failed on site failover (verification-failed): the nodes\' public shares do not lie on one polynomial through the public key');
    for (const i of NODES) expect(nodeLine(r.stdout, i)).toMatch(/failed {2}verification-failed: /);
    for (const i of NODES) expect((await keyOn('failover', i, 'mixed-1')).status).toBe(404);
  });

  it('refuses before joining when a node of the site has no share in the bundle', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    writeFileSync(f('partial.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
    const split = await keyferry(['split', '--key', f('partial.pem'), '--threshold', '1', ...wrappingArgs(failoverPems), '--out', f('partial.json'), '--per-share']);
    expect(split.code).toBe(0);
    const before = await Promise.all(NODES.map(async (i) => (await cluster.api('failover', i, 'GET', '/v1/sessions')).json.sessions.length));
    const r = await keyferry(['session', 'import', '--site', 'failover', '--bundle', f('partial.share-1.json'), '--bundle', f('partial.share-3.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no share for node 2 of site failover in the bundle (it has share 1, 3)');
    expect(r.stdout).toBe('');
    const after = await Promise.all(NODES.map(async (i) => (await cluster.api('failover', i, 'GET', '/v1/sessions')).json.sessions.length));
    expect(after).toEqual(before);
  });

  it('names the node whose token the profile gets wrong (401), and a node that is unreachable', async () => {
    const profile = JSON.parse(readFileSync(cluster.profileFile('failover'), 'utf8'));
    profile.nodes.find((n: { index: number }) => n.index === 2).token = 'not-the-token';
    writeFileSync(f('wrong-token.json'), JSON.stringify(profile), { mode: 0o600 });
    const r = await keyferry(['session', 'keygen', '--site', f('wrong-token.json'), '--curve', 'Ed25519', '--timeout', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/could not start on site failover: failover node 2 \(http:\/\/127\.0\.0\.1:\d+\) refused the token in the profile \(401 unauthenticated/);
    expect(nodeLine(r.stdout, 2)).toMatch(/^ {2}node 2 {2}not joined {2}.*401/);
    expect(nodeLine(r.stdout, 1)).toMatch(/^ {2}node 1 {2}waiting \(joined; gives up at /);

    const port = await closedPort();
    const down = JSON.parse(readFileSync(cluster.profileFile('main'), 'utf8'));
    down.nodes.find((n: { index: number }) => n.index === 3).url = `http://127.0.0.1:${port}`;
    writeFileSync(f('unreachable.json'), JSON.stringify(down), { mode: 0o600 });
    const u = await keyferry(['session', 'keygen', '--site', f('unreachable.json'), '--curve', 'P-256', '--timeout', '2']);
    expect(u.code).toBe(1);
    expect(u.stderr).toContain(`main node 3 (http://127.0.0.1:${port}) is unreachable: ECONNREFUSED`);
    expect(nodeLine(u.stdout, 3)).toContain('not joined');
  });

  it('lists the sub-commands and refuses bad command lines with exit 2 before calling any node', async () => {
    const help = await keyferry(['session', '--help']);
    expect(help.code).toBe(0);
    for (const sub of ['keygen', 'export', 'import']) expect(help.stdout).toMatch(new RegExp(`^ {2}${sub} `, 'm'));
    const top = await keyferry(['--help']);
    expect(top.stdout).toMatch(/^ {2}session /m);
    const wrongCount = await keyferry(['session', 'export', '--site', 'main', '--key-id', 'x', ...wrappingArgs(failoverPems.slice(0, 2))]);
    expect(wrongCount.code).toBe(2);
    expect(wrongCount.stderr).toContain('site main has 3 nodes; give one --wrapping-key per node in index order, got 2');
    const badId = await keyferry(['session', 'keygen', '--site', 'main', '--curve', 'P-256', '--session-id', 'short']);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('--session-id "short"');
  });
});
