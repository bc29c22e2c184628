// The node's events, as it stores and streams them, read back with the protocol's union:
// what the journal emits is what src/protocol/events.ts says a console may expect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNodeEvent } from '../protocol/events.ts';
import { rsaSpkiBase64, startTestNode } from './test-support/node-fixture.ts';

describe('node events', () => {
  let node: Awaited<ReturnType<typeof startTestNode>>;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(() => node.close());

  it('every event the node emits reads as one of the protocol union', async () => {
    const key = rsaSpkiBase64();
    const put = await node.app.inject({ method: 'PUT', url: '/v1/export-config', headers: node.auth('admin'), payload: { enableExport: true, whitelist: [key], version: 1 } });
    expect(put.statusCode).toBe(200);
    const rotate = await node.app.inject({ method: 'POST', url: '/v1/wrapping-key/rotate', headers: node.auth('admin') });
    expect(rotate.statusCode).toBe(200);

    const rows = node.ctx.repo.eventsAfter(0);
    const events = rows.map((row) => readNodeEvent(JSON.stringify(row)));
    expect(events.map((e) => e?.type)).toEqual(['export-config.changed', 'wrapping-key.rotated']);
    const changed = events[0];
    if (changed?.type !== 'export-config.changed') throw new Error('expected export-config.changed');
    expect(changed.data).toMatchObject({ version: 2, enableExport: true, removed: [], by: 'admin-person' });
    expect(changed.data.added).toHaveLength(1);
  });

  it('an event outside the union, or not JSON, reads as nothing', () => {
    expect(readNodeEvent(JSON.stringify({ id: 1, at: 'now', type: 'export-config.updated', data: {} }))).toBeUndefined();
    expect(readNodeEvent(JSON.stringify({ id: 1, at: 'now', type: 'key.deleted', data: { keyId: 'has space' } }))).toBeUndefined();
    expect(readNodeEvent('not json')).toBeUndefined();
  });
});
