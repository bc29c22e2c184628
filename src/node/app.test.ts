// Every admin API route through the built app (app.inject) on a real node context:
// auth and roles, validation errors, 409 on concurrent edits, TOML rendering, keys,
// backup/restore, audit of refusals, CORS, limits, SSE resume.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../protocol/api.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNode } from './node.ts';
import { ORIGIN, rsaSpkiBase64, startTestNode, testConfig } from './test-support/node-fixture.ts';

type TestNode = Awaited<ReturnType<typeof startTestNode>>;

function secpKey() {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  return new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
}

function share(): Uint8Array {
  // Any value below the order is a valid share; 0x01 ‖ random keeps it far below n.
  const s = new Uint8Array(randomBytes(32));
  s[0] = 1;
  return s;
}

describe('node admin API', { timeout: 60_000 }, () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(async () => node.close());

  const get = (url: string, role?: 'admin' | 'operator' | 'viewer', headers: Record<string, string> = {}) =>
    node.app.inject({ method: 'GET', url, headers: { ...(role ? node.auth(role) : {}), ...headers } });
  const send = (method: 'PUT' | 'POST' | 'DELETE', url: string, role: 'admin' | 'operator' | 'viewer' | undefined, payload?: unknown) =>
    node.app.inject({ method, url, headers: role ? node.auth(role) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });

  describe('auth and roles', () => {
    it('health needs no token; everything else does', async () => {
      expect((await get('/v1/health')).json()).toEqual({ status: 'ok' });
      for (const route of ROUTES.filter((r) => r.role !== 'none' && r.role !== 'peer')) {
        const res = await node.app.inject({ method: route.method, url: route.path.replace(/\{\w+\}/g, 'x') });
        expect(res.statusCode, `${route.method} ${route.path}`).toBe(401);
        expect(res.json()).toMatchObject({ code: 'unauthenticated' });
      }
    });

    it('the peer endpoint takes no bearer token but refuses unsigned or malformed messages', async () => {
      const res = await node.app.inject({ method: 'POST', url: '/v1/peer/messages', payload: { v: 1 } });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('invalid-request');
    });

    it('an unknown token or a malformed header is 401 with a sentence', async () => {
      const bad = await get('/v1/info', undefined, { authorization: 'Bearer nope' });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().message).toMatch(/not known/);
      const basic = await get('/v1/info', undefined, { authorization: 'Basic abc' });
      expect(basic.json().message).toMatch(/Bearer <token>/);
    });

    it('info tells who is asking and describes the node', async () => {
      const res = await get('/v1/info', 'viewer');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ site: 'main', index: 1, n: 3, t: 1, exportEnabled: false, whitelistSize: 0, keyCount: 0, you: { name: 'viewer-person', role: 'viewer' } });
      expect(res.json().wrappingKeyFingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(Buffer.from(res.json().identityKey, 'base64')).toEqual(Buffer.from(node.ctx.identityPublicKey));
      expect(node.ctx.identityPublicKey).toHaveLength(32);
    });

    it('writes need admin: viewer and operator get 403 naming the role', async () => {
      for (const role of ['viewer', 'operator'] as const) {
        const res = await send('POST', '/v1/wrapping-key/rotate', role);
        expect(res.statusCode).toBe(403);
        expect(res.json().message).toMatch(/needs the admin role/);
      }
    });
  });

  describe('export config', () => {
    it('PUT with the current version applies, bumps the version, and renders as TOML', async () => {
      const current = (await get('/v1/export-config', 'viewer')).json();
      expect(current).toMatchObject({ enableExport: false, whitelist: [], version: 1 });
      const keys = [rsaSpkiBase64(), rsaSpkiBase64(3072)];
      const res = await send('PUT', '/v1/export-config', 'admin', { enableExport: true, whitelist: keys, version: current.version });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ enableExport: true, whitelist: keys, version: 2, updatedBy: 'admin-person' });
      expect(res.json().entries.map((e: { rsaBits: number }) => e.rsaBits)).toEqual([2048, 3072]);
      expect(res.json().entries[0].fingerprint).toBe(createHash('sha256').update(Buffer.from(keys[0]!, 'base64')).digest('hex'));

      const toml = await get('/v1/export-config.toml', 'viewer');
      expect(toml.headers['content-type']).toMatch(/application\/toml/);
      expect(parseToml(toml.body)).toEqual({ Player: { EnableExport: true, ExportWhiteList: keys } });
    });

    it('PEM input is normalised to one-line base64 DER', async () => {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const version = (await get('/v1/export-config', 'viewer')).json().version;
      const res = await send('PUT', '/v1/export-config', 'admin', { enableExport: true, whitelist: [pem], version });
      expect(res.json().whitelist).toEqual([publicKey.export({ type: 'spki', format: 'der' }).toString('base64')]);
    });

    it('a stale version is 409 with what changed meanwhile, and nothing is lost', async () => {
      const base = (await get('/v1/export-config', 'viewer')).json();
      const first = await send('PUT', '/v1/export-config', 'admin', { enableExport: true, whitelist: ['*'], version: base.version });
      expect(first.statusCode).toBe(200);
      const second = await send('PUT', '/v1/export-config', 'admin', { enableExport: false, whitelist: [], version: base.version });
      expect(second.statusCode).toBe(409);
      expect(second.json()).toMatchObject({ code: 'version-conflict', field: 'version', current: { whitelist: ['*'], version: base.version + 1 } });
      expect((await get('/v1/export-config', 'viewer')).json().whitelist).toEqual(['*']);
    });

    it('every bad entry is reported with its index and reason (422)', async () => {
      const version = (await get('/v1/export-config', 'viewer')).json().version;
      const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      const ec = Buffer.from(secpKey()).toString('base64');
      const good = rsaSpkiBase64();
      const res = await send('PUT', '/v1/export-config', 'admin', { enableExport: true, whitelist: [good, weak, ec, 'garbage!', good, '*'], version });
      expect(res.statusCode).toBe(422);
      const body = res.json();
      expect(body.code).toBe('invalid-whitelist');
      const byIndex = Object.fromEntries(body.errors.map((e: { index: number; code: string; message: string }) => [e.index, e]));
      expect(byIndex[1]).toMatchObject({ code: 'weak-key' });
      expect(byIndex[1].message).toMatch(/1024 bits/);
      expect(byIndex[2]).toMatchObject({ code: 'unsupported-algorithm' });
      expect(byIndex[3]).toBeDefined();
      expect(byIndex[4]).toMatchObject({ code: 'duplicate' });
      expect(byIndex[5]).toMatchObject({ code: 'wildcard-not-alone' });
      expect(byIndex[0]).toBeUndefined();
      expect((await get('/v1/export-config', 'viewer')).json().version).toBe(version);
    });

    it('a malformed body names the field (400)', async () => {
      const res = await send('PUT', '/v1/export-config', 'admin', { enableExport: 'yes', whitelist: [] });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid-request' });
      expect(['enableExport', 'version']).toContain(res.json().field);
      const notJson = await node.app.inject({ method: 'PUT', url: '/v1/export-config', headers: { ...node.auth('admin'), 'content-type': 'application/json' }, payload: '{nope' });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json().code).toBe('invalid-request');
    });

    it('bodies over the limit are refused (413)', async () => {
      const version = (await get('/v1/export-config', 'viewer')).json().version;
      const res = await send('PUT', '/v1/export-config', 'admin', { enableExport: true, whitelist: ['A'.repeat(300_000)], version });
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('body-too-large');
    });
  });

  describe('wrapping key', () => {
    it('rotation keeps the previous key until it is retired; the active key cannot be retired', async () => {
      const before = (await get('/v1/wrapping-key', 'viewer')).json();
      expect(before.bits).toBe(2048);
      expect(createHash('sha256').update(Buffer.from(before.spki, 'base64')).digest('hex')).toBe(before.fingerprint);
      const rotated = (await send('POST', '/v1/wrapping-key/rotate', 'admin')).json();
      expect(rotated.fingerprint).not.toBe(before.fingerprint);
      expect(rotated.keys.find((k: { fingerprint: string }) => k.fingerprint === before.fingerprint).status).toBe('previous');
      expect(await node.ctx.wrappingKeys.decryptKey(before.fingerprint)).toBeDefined();
      expect((await send('POST', `/v1/wrapping-key/${rotated.fingerprint}/retire`, 'admin')).statusCode).toBe(409);
      const retired = (await send('POST', `/v1/wrapping-key/${before.fingerprint}/retire`, 'admin')).json();
      expect(retired.keys.find((k: { fingerprint: string }) => k.fingerprint === before.fingerprint).status).toBe('retired');
      expect(await node.ctx.wrappingKeys.decryptKey(before.fingerprint)).toBeUndefined();
    });
  });

  describe('keys, backup and restore', () => {
    it('lists, shows and deletes keys; 404 for unknown ones', async () => {
      const publicKey = secpKey();
      await node.ctx.keys.store({ keyId: 'listed-1', curve: 'secp256k1', publicKey, share: share(), origin: 'test' });
      const list = (await get('/v1/keys', 'viewer')).json();
      expect(list.keys.map((k: { keyId: string }) => k.keyId)).toContain('listed-1');
      const one = (await get('/v1/keys/listed-1', 'viewer')).json();
      expect(one).toMatchObject({ keyId: 'listed-1', curve: 'secp256k1', chainCode: false, origin: 'test', publicKey: Buffer.from(publicKey).toString('base64') });
      expect((await get('/v1/keys/nope', 'viewer')).statusCode).toBe(404);
      expect((await send('DELETE', '/v1/keys/listed-1', 'operator')).statusCode).toBe(403);
      expect((await send('DELETE', '/v1/keys/listed-1', 'admin')).statusCode).toBe(200);
      expect((await get('/v1/keys/listed-1', 'viewer')).statusCode).toBe(404);
      expect((await send('DELETE', '/v1/keys/listed-1', 'admin')).statusCode).toBe(404);
    });

    it('a backup restores onto a blank node with the same KEK, not with another KEK', async () => {
      const publicKey = secpKey();
      const s = share();
      const chainCode = new Uint8Array(randomBytes(32));
      await node.ctx.keys.store({ keyId: 'backed-up', curve: 'secp256k1', publicKey, share: s, chainCode, origin: 'test' });
      const backup = (await send('POST', '/v1/keys/backed-up/backup', 'admin')).json();
      expect(backup).toMatchObject({ format: 'keyferry-backup/1', keyId: 'backed-up', chainCode: true, index: 1 });
      expect(Buffer.from(backup.wrapped, 'base64').includes(Buffer.from(s))).toBe(false);

      const twin = await startTestNode({ kek: node.kek });
      try {
        const restored = await twin.app.inject({ method: 'POST', url: '/v1/keys/restore', headers: twin.auth('admin'), payload: backup });
        expect(restored.statusCode).toBe(200);
        expect(restored.json()).toMatchObject({ created: true, key: { keyId: 'backed-up', chainCode: true } });
        // The restored share is the same share: a backup of it unwraps to the same bytes on the first node.
        const again = await twin.app.inject({ method: 'POST', url: '/v1/keys/restore', headers: twin.auth('admin'), payload: backup });
        expect(again.json().created).toBe(false);
        const tampered = await twin.app.inject({ method: 'POST', url: '/v1/keys/restore', headers: twin.auth('admin'), payload: { ...backup, keyId: 'renamed' } });
        expect(tampered.statusCode).toBe(422);
        expect(tampered.json().code).toBe('backup-invalid');
        const otherIndex = await twin.app.inject({ method: 'POST', url: '/v1/keys/restore', headers: twin.auth('admin'), payload: { ...backup, index: 2 } });
        expect(otherIndex.json()).toMatchObject({ code: 'backup-mismatch', field: 'index' });
      } finally {
        await twin.close();
      }

      const stranger = await startTestNode();
      try {
        const res = await stranger.app.inject({ method: 'POST', url: '/v1/keys/restore', headers: stranger.auth('admin'), payload: backup });
        expect(res.statusCode).toBe(422);
        expect(res.json().code).toBe('wrong-kek');
        expect(stranger.ctx.keys.list()).toEqual([]);
      } finally {
        await stranger.close();
      }
    });

    it('restore validates the backup document', async () => {
      const res = await send('POST', '/v1/keys/restore', 'admin', { format: 'keyferry-backup/1', keyId: 'x' });
      expect(res.statusCode).toBe(400);
      expect(res.json().field).toBeDefined();
    });
  });

  describe('audit', () => {
    it('records changes with who and fingerprints, and refused requests, never tokens', async () => {
      const res = (await get('/v1/audit?limit=500', 'viewer')).json();
      const actions = res.entries.map((e: { action: string; outcome: string }) => `${e.outcome} ${e.action}`);
      expect(actions).toContain('ok export-config.update');
      expect(actions).toContain('ok wrapping-key.rotate');
      expect(actions).toContain('ok key.delete');
      expect(actions).toContain('ok key.backup');
      expect(actions).toContain('refused POST /v1/wrapping-key/rotate');
      expect(actions).toContain('refused PUT /v1/export-config');
      const update = res.entries.find((e: { action: string }) => e.action === 'export-config.update');
      expect(update.actor).toBe('admin-person');
      expect(update.details.added[0]).toMatch(/^[0-9a-f]{64}$|^\*$/);
      const text = JSON.stringify(res);
      for (const token of ['admin-token-0123456789', 'viewer-token-0123456789', 'operator-token-0123456789']) expect(text).not.toContain(token);
    });

    it('pages backwards with before=', async () => {
      const first = (await get('/v1/audit?limit=2', 'viewer')).json();
      expect(first.entries).toHaveLength(2);
      const next = (await get(`/v1/audit?limit=2&before=${first.nextBefore}`, 'viewer')).json();
      expect(next.entries[0].id).toBeLessThan(first.entries[1].id);
      expect((await get('/v1/audit?limit=0', 'viewer')).statusCode).toBe(400);
    });
  });

  describe('CORS, errors, OpenAPI', () => {
    it('allows the configured console origin, refuses others', async () => {
      const ok = await get('/v1/info', 'viewer', { origin: ORIGIN });
      expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
      const preflight = await node.app.inject({ method: 'OPTIONS', url: '/v1/export-config', headers: { origin: ORIGIN, 'access-control-request-method': 'PUT' } });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
      const evil = await get('/v1/info', 'viewer', { origin: 'https://evil.example' });
      expect(evil.statusCode).toBe(403);
      expect(evil.json()).toMatchObject({ code: 'origin-not-allowed', field: 'Origin' });
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('unknown endpoints get the uniform error shape', async () => {
      const res = await get('/v1/nothing', 'viewer');
      expect(res.statusCode).toBe(404);
      expect(Object.keys(res.json()).sort()).toEqual(['code', 'message']);
    });

    it('the OpenAPI document lists every route of the table', async () => {
      const doc = (await get('/v1/openapi.json', 'viewer')).json();
      expect(doc.openapi).toBe('3.1.0');
      for (const route of ROUTES) expect(doc.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
      expect(doc.paths['/v1/export-config'].put.requestBody.content['application/json'].schema.required).toContain('version');
    });
  });

  describe('events (SSE over a real socket)', () => {
    it('info names the newest event ID, and it moves with each event', async () => {
      const before = (await get('/v1/info', 'viewer')).json().lastEventId;
      expect(before).toBe(node.ctx.repo.lastEventId());
      const version = (await get('/v1/export-config', 'viewer')).json().version;
      expect((await send('PUT', '/v1/export-config', 'admin', { enableExport: false, whitelist: [], version })).statusCode).toBe(200);
      const after = (await get('/v1/info', 'viewer')).json().lastEventId;
      expect(after).toBeGreaterThan(before);
      const events = node.ctx.repo.eventsAfter(before);
      expect(events.map((e) => e.type)).toContain('export-config.changed');
      expect(after).toBe(events.at(-1)!.id);
    });

    it('streams config changes and resumes after Last-Event-ID', async () => {
      const url = await node.app.listen({ host: '127.0.0.1', port: 0 });
      const read = async (lastEventId: string | undefined, until: (text: string) => boolean) => {
        const controller = new AbortController();
        const res = await fetch(`${url}/v1/events`, { headers: { ...node.auth('viewer'), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: controller.signal });
        expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
        const reader = res.body!.getReader();
        let text = '';
        while (!until(text)) text += new TextDecoder().decode((await reader.read()).value);
        controller.abort();
        return text;
      };
      const version = (await get('/v1/export-config', 'viewer')).json().version;
      const change = send('PUT', '/v1/export-config', 'admin', { enableExport: true, whitelist: [], version });
      const live = await read(undefined, (t) => /event: export-config.changed[\s\S]*"version":/.test(t) && t.includes(`"version":${version + 1}`));
      await change;
      const ids = [...live.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
      expect(ids.length).toBeGreaterThan(1);
      // Resume from the second-to-last event: exactly the later ones come back.
      const resumeFrom = ids.at(-2)!;
      const resumed = await read(String(resumeFrom), (t) => /^id: \d+$/m.test(t));
      const resumedIds = [...resumed.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
      expect(resumedIds[0]).toBe(ids.at(-1));
      expect(resumedIds.every((id) => id > resumeFrom)).toBe(true);
    });
  });

  it('scalars stored are checked for length by the key store', async () => {
    await expect(node.ctx.keys.store({ keyId: 'short', curve: 'secp256k1', publicKey: secpKey(), share: new Uint8Array(31), origin: 'test' })).rejects.toThrow(/32 bytes/);
    await expect(node.ctx.keys.store({ keyId: 'wrong-curve', curve: 'P-256', publicKey: secpKey(), share: share(), origin: 'test' })).rejects.toThrow(/not a P-256 key/);
  });
});

describe('node start-up secrets', () => {
  it('a missing identity key stops the node with the config key named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyferry-node-'));
    try {
      const config = testConfig(dir, { identityKey: { env: 'KEYFERRY_TEST_NO_SUCH_VARIABLE' } });
      await expect(createNode(config, { masterKek: new Uint8Array(32).fill(7) })).rejects.toThrow(/node\.identityKey: environment variable KEYFERRY_TEST_NO_SUCH_VARIABLE is not set/);
      process.env.KEYFERRY_TEST_SHORT_SEED = 'abcd';
      const short = testConfig(dir, { identityKey: { env: 'KEYFERRY_TEST_SHORT_SEED' } });
      await expect(createNode(short, { masterKek: new Uint8Array(32).fill(7) })).rejects.toThrow(/32 bytes \(64 hex digits\)/);
    } finally {
      delete process.env.KEYFERRY_TEST_SHORT_SEED;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
