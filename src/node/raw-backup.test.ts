// Raw records on real nodes (real SQLite, real sealing, the HTTP app by inject): a record
// restores onto a blank node with the same KEK and is the same share; another KEK is
// refused with its sentence; every bound field changed is refused; a noCopy key is
// disabled by its export (sessions refuse it), gives the same record again, and is
// restored once only.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../crypto/bytes.ts';
import { getCurve, publicKeyFromScalar } from '../crypto/curves.ts';
import { startTestNode } from './test-support/node-fixture.ts';

type TestNode = Awaited<ReturnType<typeof startTestNode>>;
let node: TestNode;

const secpKey = () => new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'der' }));
const share = () => {
  const s = new Uint8Array(randomBytes(32));
  s[0] = 0x01;
  return s;
};

async function call(on: TestNode, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, role: 'admin' | 'viewer' = 'admin') {
  const res = await on.app.inject({ method, url, headers: on.auth(role), ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, json: res.json() };
}

beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node?.close();
});

describe('raw backup records', () => {
  it('restore onto a blank node with the same KEK: the same share; another KEK refused with its sentence', async () => {
    const s = share();
    const chainCode = new Uint8Array(randomBytes(32));
    await node.ctx.keys.store({ keyId: 'cold-1', curve: 'secp256k1', publicKey: secpKey(), share: s, chainCode, origin: 'test' });
    const exported = await call(node, 'POST', '/v1/keys/raw-export', { keyIds: ['cold-1', 'not-here'] });
    expect(exported.status).toBe(200);
    const info = (await call(node, 'GET', '/v1/raw-backup', undefined, 'viewer')).json;
    expect(exported.json).toMatchObject({ site: 'main', index: 1, kekFingerprint: info.kekFingerprint, disabled: [] });
    expect(exported.json.failures).toEqual([{ keyId: 'not-here', code: 'not-found', message: 'no key not-here on main node 1', field: 'keyIds' }]);
    const [record] = exported.json.records;
    expect(record).toMatchObject({ format: 'keyferry-raw/1', keyId: 'cold-1', index: 1, chainCode: true, noCopy: false });
    expect(record.publicShare).toBe(toBase64(publicKeyFromScalar(getCurve('secp256k1'), s)));
    expect(Buffer.from(record.wrapped, 'base64').includes(Buffer.from(s))).toBe(false);

    const twin = await startTestNode({ kek: node.kek });
    const stranger = await startTestNode();
    try {
      const restored = await call(twin, 'POST', '/v1/keys/raw-import', { records: [record, record] });
      expect(restored.json.outcomes.map((o: { status: string }) => o.status)).toEqual(['restored', 'already-present']);
      const opened = await twin.ctx.keys.openShare('cold-1');
      expect(toBase64(opened!.share)).toBe(toBase64(s));
      expect(toBase64(opened!.chainCode!)).toBe(toBase64(chainCode));
      expect((await call(twin, 'GET', '/v1/keys/cold-1/public-share', undefined, 'viewer')).json.publicShare).toBe(record.publicShare);

      const refused = await call(stranger, 'POST', '/v1/keys/raw-import', { records: [record] });
      expect(refused.json.outcomes[0]).toMatchObject({ status: 'refused', code: 'wrong-kek', field: 'kekFingerprint' });
      expect(refused.json.outcomes[0].message).toContain(`key cold-1 (main node 1) was backed up under another master KEK (fingerprint ${record.kekFingerprint.slice(0, 16)}`);
      expect(stranger.ctx.keys.list()).toEqual([]);
      const audit = stranger.ctx.repo.listAudit({ limit: 10, action: 'key.raw-import' });
      expect(audit[0]).toMatchObject({ outcome: 'refused', details: { keys: [{ keyId: 'cold-1', code: 'wrong-kek', field: 'kekFingerprint' }] } });
    } finally {
      await twin.close();
      await stranger.close();
    }
  });

  it('refuses a record moved to another key ID, node or curve, or with a changed flag, and a malformed one alone', async () => {
    await node.ctx.keys.store({ keyId: 'cold-2', curve: 'secp256k1', publicKey: secpKey(), share: share(), origin: 'test' });
    const [record] = (await call(node, 'POST', '/v1/keys/raw-export', { keyIds: ['cold-2'] })).json.records;
    await call(node, 'DELETE', '/v1/keys/cold-2');
    const altered = [
      { ...record, keyId: 'cold-2-renamed' },
      { ...record, noCopy: true },
      { ...record, createdAt: '2001-01-01T00:00:00.000Z' },
      { ...record, recordId: 'cd'.repeat(16) },
    ];
    const res = await call(node, 'POST', '/v1/keys/raw-import', { records: [...altered, { ...record, index: 2 }, { ...record, wrapped: 42 }, record] });
    expect(res.status).toBe(200);
    const outcomes = res.json.outcomes as { status: string; code?: string; field?: string; message: string }[];
    expect(outcomes.slice(0, 4).map((o) => o.code)).toEqual(['altered', 'altered', 'altered', 'altered']);
    expect(outcomes[4]).toMatchObject({ code: 'wrong-node', field: 'index' });
    expect(outcomes[4]!.message).toContain('restore it onto node 2');
    expect(outcomes[5]).toMatchObject({ code: 'invalid-record', field: 'wrapped' });
    expect(outcomes[6]).toMatchObject({ status: 'restored' });
    expect(node.ctx.keys.get('cold-2-renamed')).toBeUndefined();
  });

  it('a noCopy key: disabled by its raw export, refused by sessions, the same record again, restored once only', async () => {
    await node.ctx.keys.store({ keyId: 'cold-3', curve: 'P-256', publicKey: new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' })), share: share(), origin: 'test' });
    expect((await call(node, 'PUT', '/v1/keys/cold-3/no-copy', { noCopy: false })).status).toBe(400);
    const marked = await call(node, 'PUT', '/v1/keys/cold-3/no-copy', { noCopy: true });
    expect(marked.json).toMatchObject({ keyId: 'cold-3', noCopy: true });
    expect(marked.json.disabled).toBeUndefined();
    expect((await call(node, 'POST', '/v1/keys/cold-3/backup')).status).toBe(422);

    const first = (await call(node, 'POST', '/v1/keys/raw-export', { keyIds: ['cold-3'] })).json;
    expect(first.disabled).toEqual(['cold-3']);
    expect(first.records[0]).toMatchObject({ noCopy: true });
    expect((await call(node, 'GET', '/v1/keys/cold-3', undefined, 'viewer')).json).toMatchObject({ noCopy: true, disabled: true });
    await expect(node.ctx.keys.openShare('cold-3')).rejects.toThrow('key cold-3 is disabled on node 1');
    const again = (await call(node, 'POST', '/v1/keys/raw-export', { keyIds: ['cold-3'] })).json;
    expect(again.disabled).toEqual([]);
    expect(again.records[0]).toEqual(first.records[0]);

    const blank = await startTestNode({ kek: node.kek });
    try {
      const once = await call(blank, 'POST', '/v1/keys/raw-import', { records: [first.records[0]] });
      expect(once.json.outcomes[0]).toMatchObject({ status: 'restored' });
      expect(blank.ctx.keys.get('cold-3')).toMatchObject({ noCopy: true });
      expect(blank.ctx.keys.get('cold-3')?.disabled).toBeUndefined();
      await call(blank, 'DELETE', '/v1/keys/cold-3');
      const twice = await call(blank, 'POST', '/v1/keys/raw-import', { records: [first.records[0]] });
      expect(twice.json.outcomes[0]).toMatchObject({ status: 'refused', code: 'restored-once', field: 'recordId' });
      expect(twice.json.outcomes[0].message).toMatch(/noCopy key and this record was restored on this node once already/);
      expect(blank.ctx.keys.get('cold-3')).toBeUndefined();
    } finally {
      await blank.close();
    }
    // The node it came from takes its record back once: the key is in use again there.
    const back = await call(node, 'POST', '/v1/keys/raw-import', { records: [first.records[0]] });
    expect(back.json.outcomes[0]).toMatchObject({ status: 'restored' });
    expect(node.ctx.keys.get('cold-3')?.disabled).toBeUndefined();
    expect((await call(node, 'POST', '/v1/keys/raw-import', { records: [first.records[0]] })).json.outcomes[0].code).toBe('restored-once');
  });

  it('validates the request bodies, naming the field', async () => {
    const tooMany = await call(node, 'POST', '/v1/keys/raw-export', { keyIds: Array.from({ length: 1001 }, (_, i) => `k${i}`) });
    expect(tooMany).toMatchObject({ status: 400, json: { field: 'keyIds' } });
    const badId = await call(node, 'POST', '/v1/keys/raw-export', { keyIds: ['no spaces'] });
    expect(badId.json.field).toBe('keyIds.0');
    expect((await call(node, 'POST', '/v1/keys/raw-import', { records: [] })).json.field).toBe('records');
    expect((await call(node, 'GET', '/v1/keys/none/public-share', undefined, 'viewer')).status).toBe(404);
    expect((await call(node, 'PUT', '/v1/keys/none/no-copy', { noCopy: true })).status).toBe(404);
  });

  it('POST /v1/keys/public-shares: x·G of every share held (through the node’s session crypto), in the order asked, the others missing', async () => {
    const held = [share(), share(), share()];
    for (const [i, s] of held.entries()) await node.ctx.keys.store({ keyId: `many-${i}`, curve: 'secp256k1', publicKey: secpKey(), share: s.slice(), origin: 'test' });
    const answer = await call(node, 'POST', '/v1/keys/public-shares', { keyIds: ['many-2', 'nobody', 'many-0', 'many-1'] }, 'viewer');
    expect(answer.status).toBe(200);
    expect(answer.json.missing).toEqual(['nobody']);
    expect(answer.json.shares.map((x: { keyId: string }) => x.keyId)).toEqual(['many-2', 'many-0', 'many-1']);
    expect(answer.json.shares.map((x: { publicShare: string }) => x.publicShare)).toEqual([2, 0, 1].map((i) => toBase64(publicKeyFromScalar(getCurve('secp256k1'), held[i]!))));
    // The same as each key's own GET, which computes it on the event loop.
    for (const x of answer.json.shares) expect((await call(node, 'GET', `/v1/keys/${x.keyId}/public-share`, undefined, 'viewer')).json.publicShare).toBe(x.publicShare);
  });
});
