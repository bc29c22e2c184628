import { describe, expect, it } from 'vitest';
import type { NodeFeed } from './merge.ts';
import { followNodeSessions, parseSessionEvent, reduceFeed, type FeedChange } from './session-feed.ts';
import type { EventsApi, FollowOptions } from '../../../client/event-stream.ts';
import { NodeError } from '../../../client/node-client.ts';
import type { InfoApi, NodeInfo } from '../../../client/info.ts';
import type { SessionsApi } from '../../../client/sessions.ts';
import { SESSION_ID, view } from './test-support/session-views.ts';

const empty: NodeFeed = { site: 'main', index: 1, status: 'loading', sessions: {} };

describe('reduceFeed', () => {
  it('lists, goes live, applies events and re-read views', () => {
    let feed = reduceFeed(empty, { type: 'list', sessions: [view(1)] });
    feed = reduceFeed(feed, { type: 'live' });
    expect(feed.status).toBe('live');
    feed = reduceFeed(feed, {
      type: 'event',
      event: { sessionId: SESSION_ID, kind: 'keygen', state: 'agreed', node: 1, site: 'main', keyId: 'k1', joined: [1, 2, 3] },
      at: '2026-01-01T00:00:01.000Z',
    });
    expect(feed.sessions[SESSION_ID]!.state).toBe('agreed');
    feed = reduceFeed(feed, { type: 'view', view: view(1, { state: 'done' }) });
    expect(feed.sessions[SESSION_ID]!.state).toBe('done');
  });
  it('ignores an event for a session it has not read yet (the re-read brings it)', () => {
    const event = { sessionId: SESSION_ID, kind: 'keygen' as const, state: 'agreed' as const, node: 1, site: 'main', keyId: null, joined: [1] };
    expect(reduceFeed(empty, { type: 'event', event, at: 'x' })).toBe(empty);
  });
  it('keeps the last sessions while failing, and clears the reason when live again', () => {
    let feed = reduceFeed(empty, { type: 'list', sessions: [view(1)] });
    feed = reduceFeed(feed, { type: 'failing', reason: 'unreachable', retryAt: 5 });
    expect(feed).toMatchObject({ status: 'failing', reason: 'unreachable', retryAt: 5 });
    expect(Object.keys(feed.sessions)).toEqual([SESSION_ID]);
    feed = reduceFeed(feed, { type: 'live' });
    expect(feed).toEqual({ site: 'main', index: 1, status: 'live', sessions: feed.sessions });
  });
});

describe('parseSessionEvent', () => {
  it('reads the data of a session.updated event and its time', () => {
    const data = JSON.stringify({ id: 3, at: '2026-01-01T00:00:01.000Z', type: 'session.updated', data: { sessionId: SESSION_ID, state: 'done' } });
    expect(parseSessionEvent('session.updated', data)).toEqual({ event: { sessionId: SESSION_ID, state: 'done' }, at: '2026-01-01T00:00:01.000Z' });
  });
  it('ignores other events and bad data', () => {
    expect(parseSessionEvent('export-config.changed', '{}')).toBeUndefined();
    expect(parseSessionEvent('session.updated', 'not json')).toBeUndefined();
    expect(parseSessionEvent('session.updated', '{"data":{}}')).toBeUndefined();
  });
});

describe('followNodeSessions', () => {
  const node = { url: 'http://127.0.0.1:1', token: 't' };
  const info = (lastEventId: number) => ({ lastEventId }) as unknown as NodeInfo;
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it('lists, follows from the info’s lastEventId, applies each event and re-reads the session', async () => {
    const changes: FeedChange[] = [];
    const follows: FollowOptions[] = [];
    const gets: string[] = [];
    const controller = new AbortController();
    let push: ((type: string, data: string, id: string) => void) | undefined;
    const deps = {
      infoApi: { get: async () => info(41) } as unknown as InfoApi,
      sessionsApi: {
        list: async () => [view(1)],
        get: async (_n: unknown, id: string) => {
          gets.push(id);
          return view(1, { state: 'agreed' });
        },
        join: async () => view(1),
      } as SessionsApi,
      eventsApi: {
        follow: (_n: unknown, options: FollowOptions) => {
          follows.push(options);
          options.onOpen?.();
          push = (type, data, lastEventId) => options.onEvent({ type, data, lastEventId });
          return new Promise<never>((_r, reject) => options.signal.addEventListener('abort', () => reject(new Error('aborted'))));
        },
      } as EventsApi,
    };
    void followNodeSessions(node, deps, (c) => changes.push(c), controller.signal);
    for (let i = 0; i < 5; i++) await tick();
    expect(follows[0]!.lastEventId).toBe(41);
    expect(changes.map((c) => c.type)).toEqual(['list', 'live']);
    push!('session.updated', JSON.stringify({ id: 42, at: '2026-01-01T00:00:01.000Z', data: { sessionId: SESSION_ID, state: 'agreed', joined: [1, 2, 3] } }), '42');
    push!('export-config.changed', '{}', '43');
    for (let i = 0; i < 5; i++) await tick();
    expect(changes.map((c) => c.type)).toEqual(['list', 'live', 'event', 'view']);
    expect(gets).toEqual([SESSION_ID]);
    controller.abort();
  });

  it('reports a failing node with the reason and reconnects from the last event ID it saw', async () => {
    const changes: FeedChange[] = [];
    const controller = new AbortController();
    let attempt = 0;
    const follows: number[] = [];
    const deps = {
      infoApi: { get: async () => info(7) } as unknown as InfoApi,
      sessionsApi: { list: async () => [], get: async () => view(1), join: async () => view(1) } as SessionsApi,
      eventsApi: {
        follow: async (_n: unknown, options: FollowOptions) => {
          follows.push(options.lastEventId);
          attempt++;
          if (attempt === 1) {
            options.onOpen?.();
            options.onEvent({ type: 'session.updated', data: '{}', lastEventId: '9' });
            throw new NodeError(0, 'stream-ended', 'the node closed the event stream');
          }
          controller.abort();
          throw new NodeError(0, 'aborted', 'request cancelled');
        },
      } as unknown as EventsApi,
      now: () => 1000,
      sleep: async () => {},
    };
    await followNodeSessions(node, deps, (c) => changes.push(c), controller.signal);
    expect(changes).toContainEqual({ type: 'failing', reason: 'the node closed the event stream', retryAt: 2000 });
    expect(follows).toEqual([7, 9]);
  });
});
