import { describe, expect, it } from 'vitest';
import { createNodeEventHub } from './node-events.ts';

describe('createNodeEventHub', () => {
  it('passes each event to every subscriber until it unsubscribes', () => {
    const hub = createNodeEventHub();
    const a: string[] = [];
    const b: string[] = [];
    const stopA = hub.subscribe((site, index, e) => a.push(`${site}/${index}/${e.type}`));
    hub.subscribe((site, index, e) => b.push(`${site}/${index}/${e.type}`));
    hub.publish('main', 1, { type: 'pairing.changed', data: '{}', lastEventId: '4' });
    stopA();
    hub.publish('failover', 2, { type: 'key.deleted', data: '{}', lastEventId: '5' });
    expect(a).toEqual(['main/1/pairing.changed']);
    expect(b).toEqual(['main/1/pairing.changed', 'failover/2/key.deleted']);
  });
});
