// The node as an operator runs it: real `keyferry node` processes, real SQLite files in
// temp dirs, real HTTP over loopback. What must hold across process boundaries: nothing
// is lost on restart, keys and raw backups move between processes and nodes, a wrong
// master KEK or a bad config stops the node before it listens, nothing secret is on
// disk in the clear, and SIGTERM ends the node cleanly even with an open event stream.
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNodeConfig } from './config.ts';
import { createNode } from './node.ts';
import { killAllNodes, readAllFiles, runNodeUntilExit, startNode, writeNodeConfig, type NodeFiles } from './test-support/spawn-node.ts';

const dirs: string[] = [];
async function newNode(setup: Parameters<typeof writeNodeConfig>[0] = {}): Promise<NodeFiles> {
  const files = await writeNodeConfig(setup);
  dirs.push(files.dir);
  return files;
}

afterAll(async () => {
  await killAllNodes();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** base64 DER SPKI of a fresh RSA-2048 public key (an export whitelist entry). */
function rsaSpki(): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

/** A secp256k1 public key (DER SPKI) and a share: 32 random bytes, top bit clear so below the order, never zero. */
function secp256k1Material() {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  const share = randomBytes(32);
  share[0] = (share[0]! & 0x7f) | 0x01;
  return { publicKey: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })), share: new Uint8Array(share), chainCode: new Uint8Array(randomBytes(32)) };
}

/** Store a key share into the node's data dir with the node's own modules (no process running). */
async function seedKey(files: NodeFiles, keyId: string, m: ReturnType<typeof secp256k1Material>) {
  const ctx = await createNode(loadNodeConfig(files.configFile));
  try {
    return await ctx.keys.store({ keyId, curve: 'secp256k1', publicKey: m.publicKey, share: m.share, chainCode: m.chainCode, origin: 'test' });
  } finally {
    ctx.close();
  }
}

const lineOf = (text: string, prefix: string) => text.split('\n').findIndex((l) => l.startsWith(prefix)) + 1;

describe('keyferry node as a process', { timeout: 120_000 }, () => {
  it('restarts without losing the wrapping keys, the export configuration or the audit log', async () => {
    const files = await newNode();
    let node = await startNode(files);
    expect(node.stdout).toContain('"msg":"listening"');

    const first = await node.api('GET', '/v1/wrapping-key');
    expect(first.status).toBe(200);
    expect(first.body.bits).toBe(3072);
    expect(first.body.keys).toEqual([expect.objectContaining({ fingerprint: first.body.fingerprint, spki: first.body.spki, status: 'active' })]);

    const initial = await node.api('GET', '/v1/export-config');
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ enableExport: false, whitelist: [] });
    const whitelisted = rsaSpki();
    const put = await node.api('PUT', '/v1/export-config', { enableExport: true, whitelist: [whitelisted], version: initial.body.version });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ enableExport: true, whitelist: [whitelisted], version: initial.body.version + 1, updatedBy: 'admin' });
    expect(put.body.entries).toEqual([expect.objectContaining({ key: whitelisted, rsaBits: 2048 })]);

    const rotated = await node.api('POST', '/v1/wrapping-key/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body.fingerprint).not.toBe(first.body.fingerprint);
    expect(rotated.body.keys).toHaveLength(2);

    const auditBefore = await node.api('GET', '/v1/audit');
    expect(auditBefore.status).toBe(200);
    expect(auditBefore.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['export-config.update', 'wrapping-key.rotate']));

    expect(await node.stop()).toMatchObject({ code: 0, signal: null });

    node = await startNode(files);
    expect(node.stdout).toContain(`"wrappingKey":"${rotated.body.fingerprint}"`);
    const after = await node.api('GET', '/v1/wrapping-key');
    expect(after.status).toBe(200);
    expect(after.body.fingerprint).toBe(rotated.body.fingerprint);
    expect(after.body.spki).toBe(rotated.body.spki);
    expect(after.body.keys).toEqual(rotated.body.keys);
    expect(after.body.keys).toContainEqual(expect.objectContaining({ fingerprint: first.body.fingerprint, spki: first.body.spki, status: 'previous' }));

    const exportAfter = await node.api('GET', '/v1/export-config');
    expect(exportAfter.body).toEqual(put.body);

    const auditAfter = await node.api('GET', '/v1/audit');
    expect(auditBefore.body.entries.length).toBeGreaterThanOrEqual(2);
    expect(auditAfter.body.entries).toEqual(expect.arrayContaining(auditBefore.body.entries));

    expect(await node.stop()).toMatchObject({ code: 0, signal: null });
  });

  it('keeps keys across restarts, restores raw backups onto a blank node with the same KEK only, and forgets deleted keys', async () => {
    const files1 = await newNode();
    const material = secp256k1Material();
    const seeded = await seedKey(files1, 'seeded-1', material);
    const publicKey = Buffer.from(material.publicKey).toString('base64');

    let node1 = await startNode(files1);
    const list = await node1.api('GET', '/v1/keys');
    expect(list.status).toBe(200);
    expect(list.body.keys).toEqual([{ keyId: 'seeded-1', curve: 'secp256k1', publicKey, chainCode: true, createdAt: seeded.createdAt, origin: 'test' }]);
    const summary = list.body.keys[0];
    expect((await node1.api('GET', '/v1/keys/seeded-1')).body).toEqual(summary);

    const made = await node1.api('POST', '/v1/keys/seeded-1/backup');
    expect(made.status).toBe(200);
    const backup = made.body;
    expect(backup).toMatchObject({ format: 'keyferry-backup/1', site: 'main', index: 1, threshold: 1, players: 3, keyId: 'seeded-1', curve: 'secp256k1', publicKey, chainCode: true, createdAt: seeded.createdAt });
    const wrapped = Buffer.from(backup.wrapped, 'base64');
    expect(wrapped.length).toBe(32 + 32 + 32 + 8); // share ‖ chain code ‖ digest, plus the KWP integrity block
    expect(wrapped.includes(Buffer.from(material.share))).toBe(false);

    // Blank nodes: one with the same master KEK and site/index/n/t, one with another KEK.
    const files2 = await newNode({ kekHex: files1.kekHex });
    const files3 = await newNode();
    expect(files3.kekHex).not.toBe(files1.kekHex);
    const [node2, node3] = await Promise.all([startNode(files2), startNode(files3)]);
    expect((await node2.api('GET', '/v1/keys')).body).toEqual({ keys: [] });

    // Altered backups are refused and leave nothing behind.
    for (const [altered, code] of [
      [{ ...backup, keyId: 'seeded-2' }, 'backup-invalid'],
      [{ ...backup, createdAt: '2001-01-01T00:00:00.000Z' }, 'backup-invalid'],
      [{ ...backup, origin: 'elsewhere' }, 'backup-invalid'],
      [{ ...backup, index: 2 }, 'backup-mismatch'],
    ] as const) {
      const refused = await node2.api('POST', '/v1/keys/restore', altered);
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body.code).toBe(code);
    }
    expect((await node2.api('GET', '/v1/keys')).body).toEqual({ keys: [] });
    expect((await node2.api('GET', '/v1/keys/seeded-2')).status).toBe(404);

    const restored = await node2.api('POST', '/v1/keys/restore', backup);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toEqual({ key: summary, created: true });
    expect((await node2.api('GET', '/v1/keys/seeded-1')).body).toEqual(summary);
    // AES-KWP is deterministic: the same KEK and the same share give the same backup, so
    // this proves node 2 holds byte-for-byte the share (and chain code) node 1 holds.
    const again = await node2.api('POST', '/v1/keys/seeded-1/backup');
    expect(again.body).toEqual(backup);
    const twice = await node2.api('POST', '/v1/keys/restore', backup);
    expect(twice.status).toBe(200);
    expect(twice.body).toEqual({ key: summary, created: false });
    expect((await node2.api('GET', '/v1/keys')).body.keys).toHaveLength(1);

    const wrongKek = await node3.api('POST', '/v1/keys/restore', backup);
    expect(wrongKek.status).toBe(422);
    expect(wrongKek.body.code).toBe('wrong-kek');
    expect((await node3.api('GET', '/v1/keys')).body).toEqual({ keys: [] });

    const stops = await Promise.all([node2.stop(), node3.stop(), node1.stop()]);
    for (const s of stops) expect(s).toMatchObject({ code: 0, signal: null });

    // Survives a restart, then a delete survives one too.
    node1 = await startNode(files1);
    expect((await node1.api('GET', '/v1/keys')).body).toEqual({ keys: [summary] });
    const deleted = await node1.api('DELETE', '/v1/keys/seeded-1');
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual(summary);
    expect(await node1.stop()).toMatchObject({ code: 0 });
    node1 = await startNode(files1);
    expect((await node1.api('GET', '/v1/keys')).body).toEqual({ keys: [] });
    expect((await node1.api('GET', '/v1/keys/seeded-1')).status).toBe(404);
    expect((await node1.api('POST', '/v1/keys/seeded-1/backup')).status).toBe(404);
    expect(await node1.stop()).toMatchObject({ code: 0 });
  });

  it('refuses to start with a master KEK other than the one the data was created with', async () => {
    const files = await newNode();
    let node = await startNode(files);
    const fingerprint = (await node.api('GET', '/v1/wrapping-key')).body.fingerprint as string;
    expect(await node.stop()).toMatchObject({ code: 0 });

    const other = randomBytes(32).toString('hex');
    writeFileSync(files.kekFile, `${other}\n`);
    const refused = await runNodeUntilExit(files.configFile, 30_000);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.ms).toBeLessThan(10_000);
    expect(refused.listened).toBe(false);
    expect(refused.stdout).not.toContain('listening');
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^keyferry: node: .*masterKek/);
    expect(refused.stderr).not.toContain(other);
    expect(refused.stderr).not.toContain(files.kekHex);

    // The refusal changed nothing: the right KEK opens the same data.
    writeFileSync(files.kekFile, `${files.kekHex}\n`);
    node = await startNode(files);
    expect((await node.api('GET', '/v1/wrapping-key')).body.fingerprint).toBe(fingerprint);
    expect(await node.stop()).toMatchObject({ code: 0 });
  });

  it('stops with exit code 2 and one line naming the key and its line for config errors', async () => {
    const threshold = await newNode({ threshold: 3, players: 3 });
    const thresholdLine = lineOf(threshold.text, 'threshold =');
    expect(thresholdLine).toBeGreaterThan(1);

    const inline = await newNode();
    inline.text = inline.text.replace('masterKek = { file = "master.kek" }', `masterKek = "${inline.kekHex}"`);
    expect(inline.text).toContain(`masterKek = "${inline.kekHex}"`);
    writeFileSync(inline.configFile, inline.text);
    const kekLine = lineOf(inline.text, 'masterKek =');

    const noTokens = await newNode();
    noTokens.text = noTokens.text.replace(/\[\[tokens\]\][^[]*/, '');
    expect(noTokens.text).not.toContain('tokens');
    writeFileSync(noTokens.configFile, noTokens.text);

    const [a, b, c] = await Promise.all([runNodeUntilExit(threshold.configFile, 30_000), runNodeUntilExit(inline.configFile, 30_000), runNodeUntilExit(noTokens.configFile, 30_000)]);

    expect(a.code, a.stderr).toBe(2);
    expect(a.stderr.trim().split('\n')).toEqual([`keyferry: node: ${threshold.configFile}:${thresholdLine}: node.threshold: must be less than node.players (3)`]);

    expect(b.code, b.stderr).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toContain(`${inline.configFile}:${kekLine}: node.masterKek:`);
    expect(b.stderr).toContain('{ file = ');
    expect(b.stderr).not.toContain(inline.kekHex);

    expect(c.code, c.stderr).toBe(2);
    expect(c.stderr.trim().split('\n')).toHaveLength(1);
    expect(c.stderr).toMatch(/^keyferry: node: .*tokens: .*\[\[tokens\]\]/);

    for (const [r, f] of [[a, threshold], [b, inline], [c, noTokens]] as const) {
      expect(r.listened).toBe(false);
      expect(existsSync(f.dataDir), 'a refused config must not create the data dir').toBe(false);
    }
  });

  it('keeps no share, chain code or wrapping private key in the clear in the data dir', async () => {
    const files = await newNode();
    let node = await startNode(files);
    const rotated = await node.api('POST', '/v1/wrapping-key/rotate');
    expect(rotated.status).toBe(200);
    const spkis: string[] = rotated.body.keys.map((k: { spki: string }) => k.spki);
    expect(spkis).toHaveLength(2);
    expect(await node.stop()).toMatchObject({ code: 0 });

    const material = secp256k1Material();
    await seedKey(files, 'plain-check', material);
    node = await startNode(files);
    expect((await node.api('GET', '/v1/keys/plain-check')).body).toMatchObject({ keyId: 'plain-check', chainCode: true });

    const share = Buffer.from(material.share);
    const chain = Buffer.from(material.chainCode);
    const secrets: [string, Buffer][] = [
      ['share', share],
      ['chain code', chain],
      ['share hex', Buffer.from(share.toString('hex'))],
      ['share HEX', Buffer.from(share.toString('hex').toUpperCase())],
      ['share base64', Buffer.from(share.toString('base64'))],
      ['share base64url', Buffer.from(share.toString('base64url'))],
      ['chain code hex', Buffer.from(chain.toString('hex'))],
      ['chain code base64', Buffer.from(chain.toString('base64'))],
    ];
    // version 0 + rsaEncryption AlgorithmIdentifier: the start of every plaintext RSA PKCS#8.
    const pkcs8Marker = Buffer.from('020100300d06092a864886f70d0101010500', 'hex');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(privateKey.export({ type: 'pkcs8', format: 'der' }).includes(pkcs8Marker), 'the marker finds a real PKCS#8').toBe(true);
    const moduli = spkis.map((spki) => Buffer.from(createPublicKey({ key: Buffer.from(spki, 'base64'), format: 'der', type: 'spki' }).export({ format: 'jwk' }).n!, 'base64url'));
    expect(moduli[0]!.length).toBe(384);

    const check = (when: string) => {
      const files_ = readAllFiles(files.dataDir);
      expect([...files_.keys()], when).toContain('node.sqlite');
      for (const [name, bytes] of files_) {
        for (const [what, needle] of secrets) expect(bytes.includes(needle), `${what} in ${name} (${when})`).toBe(false);
        expect(bytes.includes(pkcs8Marker), `plaintext PKCS#8 in ${name} (${when})`).toBe(false);
      }
      // The public halves are stored in the clear: proof that the search looked at the right bytes.
      const all = Buffer.concat([...files_.values()]);
      for (const [i, n] of moduli.entries()) expect(all.includes(n), `wrapping key ${i} modulus (${when})`).toBe(true);
      expect(all.includes(Buffer.from(material.publicKey)), `key public key (${when})`).toBe(true);
    };
    check('while running');
    expect(await node.stop()).toMatchObject({ code: 0 });
    check('after stop');
  });

  it('exits 0 within 5 s on SIGTERM with an event stream open', async () => {
    const files = await newNode();
    const node = await startNode(files);
    const res = await fetch(`${node.url}/v1/events`, { headers: { authorization: `Bearer ${files.token}`, accept: 'text/event-stream' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`stream ended before "${needle}": ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil('retry: 2000');
    // The stream is live: an event emitted now arrives on it.
    const rotated = await node.api('POST', '/v1/wrapping-key/rotate');
    expect(rotated.status).toBe(200);
    await readUntil(`"fingerprint":"${rotated.body.fingerprint}"`);
    expect(text).toContain('event: wrapping-key.rotated');

    // Drain in the background: the stream must end (cleanly or by reset) when the node stops.
    const ended = (async () => {
      try {
        for (;;) if ((await reader.read()).done) return 'done';
      } catch {
        return 'reset';
      }
    })();
    const exit = await node.stop(10_000);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(5_000);
    const how = await Promise.race([ended, new Promise((r) => setTimeout(() => r('still open'), 2_000))]);
    expect(['done', 'reset']).toContain(how);
    expect(node.stdout).toContain('"msg":"shutting down"');
  });
});
