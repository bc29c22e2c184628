// GET/PUT /v1/pairing on a real node context (SQLite in a temp dir, app.inject): versioned
// writes, the node's own checks of the terms (only its own index, a well-formed
// fingerprint, another site), idempotent re-apply, unpairing, the audit entry and event,
// /v1/info and the TOML's [Pairing] section, and the record surviving a restart.
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from '../test-support/node-fixture.ts';

type TestNode = Awaited<ReturnType<typeof startTestNode>>;

const FINGERPRINT = 'ab'.repeat(32);
const terms = (over: Record<string, unknown> = {}) => ({
  site: 'main',
  role: 'main',
  counterpartSite: 'failover',
  counterpartIndex: 1,
  counterpartFingerprint: FINGERPRINT,
  direction: 'one-way',
  ...over,
});

describe('/v1/pairing', { timeout: 60_000 }, () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(async () => node?.close());

  const get = (url: string) => node.app.inject({ method: 'GET', url, headers: node.auth('viewer') });
  const put = (payload: unknown, role: 'admin' | 'operator' = 'admin') => node.app.inject({ method: 'PUT', url: '/v1/pairing', headers: node.auth(role), payload: payload as object });
  const audit = async () => (await get('/v1/audit?action=pairing.update')).json().entries as Array<{ actor: string; details: Record<string, unknown> }>;

  it('starts unpaired at version 0, in /v1/info too, with no [Pairing] in the TOML', async () => {
    expect((await get('/v1/pairing')).json()).toEqual({ version: 0, pairing: null });
    expect((await get('/v1/info')).json().pairing).toBeNull();
    const toml = (await get('/v1/export-config.toml')).body;
    expect(toml).not.toContain('[Pairing]');
  });

  it('refuses the wrong terms with 422 naming the field, and a viewer or operator with 403', async () => {
    const crossed = await put({ version: 0, pairing: terms({ counterpartIndex: 2 }) });
    expect(crossed.statusCode).toBe(422);
    expect(crossed.json()).toMatchObject({ code: 'invalid-pairing', field: 'counterpartIndex' });
    expect(crossed.json().message).toMatch(/only between corresponding nodes/);

    const badFingerprint = await put({ version: 0, pairing: terms({ counterpartFingerprint: 'AB'.repeat(32) }) });
    expect(badFingerprint.statusCode).toBe(422);
    expect(badFingerprint.json()).toMatchObject({ field: 'counterpartFingerprint' });
    expect(badFingerprint.json().message).toMatch(/64 lowercase hex/);

    const self = await put({ version: 0, pairing: terms({ counterpartSite: 'main' }) });
    expect(self.statusCode).toBe(422);
    expect(self.json()).toMatchObject({ field: 'counterpartSite' });

    const role = await put({ version: 0, pairing: terms({ role: 'backup' }) });
    expect(role.statusCode).toBe(422);
    expect(role.json()).toMatchObject({ field: 'role' });

    expect((await put({ version: 0, pairing: terms() }, 'operator')).statusCode).toBe(403);
    expect((await put({ version: 0, pairing: { site: 'main' } })).statusCode).toBe(400);
    expect((await get('/v1/pairing')).json()).toEqual({ version: 0, pairing: null });
  });

  it('records the terms with who and when; the same terms again change nothing', async () => {
    const first = await put({ version: 0, pairing: terms() });
    expect(first.statusCode, first.body).toBe(200);
    const view = first.json();
    expect(view).toMatchObject({ version: 1, updatedBy: 'admin-person', pairing: { ...terms(), pairedBy: 'admin-person' } });
    expect(Date.parse(view.pairing.pairedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await get('/v1/info')).json().pairing).toEqual(view.pairing);

    const again = await put({ version: 1, pairing: terms() });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(view);
    const entries = await audit();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'admin-person', details: { version: 1, old: null, new: terms() } });

  });

  it('renders [Pairing] after [Player] with the keys cased as a config file has them', async () => {
    const res = await get('/v1/export-config.toml');
    expect(res.statusCode).toBe(200);
    expect(res.body.indexOf('[Pairing]')).toBeGreaterThan(res.body.indexOf('[Player]'));
    const parsed = parseToml(res.body) as { Player: unknown; Pairing: Record<string, unknown> };
    expect(parsed.Player).toBeDefined();
    expect(parsed.Pairing).toMatchObject({
      Role: 'main',
      Site: 'main',
      CounterpartSite: 'failover',
      CounterpartIndex: 1,
      CounterpartFingerprint: FINGERPRINT,
      Direction: 'one-way',
      PairedBy: 'admin-person',
    });
    expect(typeof parsed.Pairing.PairedAt).toBe('string');
  });

  it('escapes quotes, backslashes and control characters in the TOML strings', async () => {
    const odd = 'dr "site"\\ \u0001\n2';
    const res = await put({ version: 1, pairing: terms({ counterpartSite: odd }) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().version).toBe(2);
    const parsed = parseToml((await get('/v1/export-config.toml')).body) as { Pairing: Record<string, unknown> };
    expect(parsed.Pairing.CounterpartSite).toBe(odd);
  });

  it('refuses a stale version with 409 and the current record', async () => {
    const stale = await put({ version: 1, pairing: terms({ direction: 'both-ways' }) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version-conflict', field: 'version', current: { version: 2, pairing: { counterpartSite: 'dr "site"\\ \u0001\n2' } } });
  });

  it('emits pairing.changed for each change', async () => {
    const events = node.ctx.repo.eventsAfter(0).filter((e) => e.type === 'pairing.changed');
    expect(events.map((e) => e.data.version)).toEqual([1, 2]);
    expect(events[0]!.data).toMatchObject({ by: 'admin-person', pairing: { role: 'main', counterpartIndex: 1 } });
  });

  it('unpairs with pairing: null (audited), and a second null is a no-op', async () => {
    const res = await put({ version: 2, pairing: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 3, pairing: null, updatedBy: 'admin-person' });
    expect((await put({ version: 3, pairing: null })).json().version).toBe(3);
    const entries = await audit();
    expect(entries).toHaveLength(3);
    expect(entries[0]!.details).toMatchObject({ version: 3, new: null, old: { counterpartSite: 'dr "site"\\ \u0001\n2' } });
    expect((await get('/v1/export-config.toml')).body).not.toContain('[Pairing]');
  });

  it('keeps the record across a restart of the node (same data directory)', async () => {
    expect((await put({ version: 3, pairing: terms({ direction: 'both-ways' }) })).statusCode).toBe(200);
    const { dir, kek } = node;
    await node.close(false);
    node = await startTestNode({ dir, kek });
    expect((await get('/v1/pairing')).json()).toMatchObject({ version: 4, pairing: { ...terms({ direction: 'both-ways' }), pairedBy: 'admin-person' } });
  });
});
