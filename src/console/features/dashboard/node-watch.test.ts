import { describe, expect, it } from 'vitest';
import type { EventsApi, FollowOptions } from '../../../client/event-stream.ts';
import { NodeError } from '../../../client/node-client.ts';
import type { InfoApi, NodeInfo } from '../../../client/info.ts';
import type { NodeStatus } from './node-status.ts';
import { backoffDelay, coalesce } from '../../../client/reconnect.ts';
import { watchNode, type LiveState } from './node-watch.ts';

const node = { url: 'http://127.0.0.1:1', token: 't' };

function info(over: Partial<NodeInfo> = {}): NodeInfo {
  return {
    site: 'main', index: 1, n: 3, t: 1, version: '0.1.0', wrappingKeyFingerprint: 'ab'.repeat(32), identityKey: 'x',
    exportEnabled: false, whitelistSize: 1, whitelistWildcard: false, keyCount: 0, peers: [], you: { name: 'admin', role: 'admin' },
    lastEventId: 0, pairing: null, ...over,
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('backoffDelay', () => {
  it('starts at 1 s, doubles, and stops at 15 s', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(backoffDelay)).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });
});

describe('coalesce', () => {
  it('runs at most one task at a time plus one pending, however many requests come', async () => {
    const releases: Array<() => void> = [];
    let runs = 0;
    const c = coalesce(async () => {
      runs++;
      await new Promise<void>((r) => releases.push(r));
    });
    for (let i = 0; i < 10; i++) c.request();
    expect(runs).toBe(1);
    releases.shift()!();
    await tick();
    expect(runs).toBe(2);
    c.request();
    releases.shift()!();
    await tick();
    expect(runs).toBe(3);
    releases.shift()!();
    await c.idle();
    expect(runs).toBe(3);
  });

  it('keeps going after a failing run', async () => {
    let runs = 0;
    const c = coalesce(async () => {
      runs++;
      throw new Error('boom');
    });
    c.request();
    await c.idle();
    c.request();
    await c.idle();
    expect(runs).toBe(2);
  });
});

/** A scripted node: its info answers, and each stream as a function of the follow options. */
function fakeNode(streams: Array<(o: FollowOptions) => Promise<never>>, infos: Array<() => Promise<NodeInfo>>) {
  const follows: number[] = [];
  let infoCalls = 0;
  const infoApi: InfoApi = {
    get: async () => {
      const next = infos[Math.min(infoCalls, infos.length - 1)]!;
      infoCalls++;
      return next();
    },
  };
  const eventsApi: EventsApi = {
    follow: (_n, o) => {
      follows.push(o.lastEventId);
      const stream = streams.shift();
      if (stream === undefined) return new Promise<never>((_, reject) => o.signal.addEventListener('abort', () => reject(new NodeError(0, 'aborted', 'cancelled'))));
      return stream(o);
    },
  };
  return { infoApi, eventsApi, follows, infoCalls: () => infoCalls };
}

describe('watchNode', () => {
  it('follows from info.lastEventId, re-fetches info on events, and reconnects from the last ID seen', async () => {
    const sleeps: number[] = [];
    const statuses: NodeStatus[] = [];
    const lives: LiveState[] = [];
    let keyCount = 0;
    const fake = fakeNode(
      [
        async (o) => {
          o.onOpen?.();
          o.onEvent({ type: 'key.deleted', data: '{}', lastEventId: '42' });
          o.onEvent({ type: 'key.deleted', data: '{}', lastEventId: '43' });
          await tick();
          throw new NodeError(0, 'stream-ended', 'the node closed the event stream');
        },
      ],
      [async () => info({ lastEventId: 41, keyCount: keyCount++ })],
    );
    const controller = new AbortController();
    const watching = watchNode(
      node,
      { infoApi: fake.infoApi, eventsApi: fake.eventsApi, now: () => 1000, sleep: async (ms) => void sleeps.push(ms) },
      { status: (s) => statuses.push(s), live: (l) => lives.push(l) },
      controller.signal,
    );
    await tick();
    await tick();
    expect(fake.follows).toEqual([41, 43]);
    expect(sleeps).toEqual([1000]);
    expect(statuses.map((s) => s.state)).toContain('unreachable');
    expect(statuses.find((s) => s.state === 'unreachable')).toEqual({ state: 'unreachable', reason: 'the node closed the event stream' });
    expect(statuses.at(-1)?.state).toBe('reachable');
    // First connect, two coalesced refreshes (one in flight, one pending), reconnect.
    expect(fake.infoCalls()).toBe(4);
    expect(lives).toEqual([{ state: 'connecting' }, { state: 'live' }, { state: 'reconnecting', retryAt: 2000 }, { state: 'connecting' }]);
    controller.abort();
    await watching;
  });

  it('backs off 1, 2, 4 … s while the node is down, and says why', async () => {
    const sleeps: number[] = [];
    const statuses: NodeStatus[] = [];
    const controller = new AbortController();
    const fake = fakeNode([], [
      async () => {
        throw new NodeError(401, 'unauthenticated', 'token not known');
      },
    ]);
    const watching = watchNode(
      node,
      {
        infoApi: fake.infoApi,
        eventsApi: fake.eventsApi,
        sleep: async (ms) => {
          sleeps.push(ms);
          if (sleeps.length === 6) controller.abort();
        },
      },
      { status: (s) => statuses.push(s), live: () => {} },
      controller.signal,
    );
    await watching;
    expect(sleeps).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
    expect(statuses.at(-1)).toEqual({ state: 'unreachable', reason: 'token refused' });
    expect(fake.follows).toEqual([]);
  });

  it('stops without another report when aborted', async () => {
    const statuses: NodeStatus[] = [];
    const fake = fakeNode([], [async () => info({ lastEventId: 5 })]);
    const controller = new AbortController();
    const watching = watchNode(node, { infoApi: fake.infoApi, eventsApi: fake.eventsApi }, { status: (s) => statuses.push(s), live: () => {} }, controller.signal);
    await tick();
    controller.abort();
    await watching;
    expect(statuses).toEqual([{ state: 'reachable', info: info({ lastEventId: 5 }) }]);
  });
});
