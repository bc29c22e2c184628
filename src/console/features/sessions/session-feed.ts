// Follows one node's sessions without React: GET /v1/info (for lastEventId), GET
// /v1/sessions, then GET /v1/events from that ID. A session.updated event is applied at
// once and the session re-read (GET /v1/sessions/{id}, coalesced per session). When the
// stream fails the node is "failing" with the reason (its last sessions are kept) and
// reconnects with the dashboard's backoff, re-listing. Each node on its own, so one
// unreachable node never affects another. `reduceFeed` is the pure part.
import { z } from 'zod';
import type { EventsApi } from '../../../client/event-stream.ts';
import { readEventText, SessionUpdateNotice, type NodeEventType } from '../../../protocol/events.ts';
import type { NodeTarget } from '../../../client/node-client.ts';
import type { InfoApi } from '../../../client/info.ts';
import type { SessionsApi, SessionView } from '../../../client/sessions.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import { applyEvent, newerView, type NodeFeed, type SessionUpdated } from './merge.ts';
import { coalesce, reconnectLoop, SAFETY_REFRESH_MS, sleepUnlessAborted } from '../../../client/reconnect.ts';

export type FeedChange =
  | { type: 'live' }
  | { type: 'failing'; reason: string; retryAt: number }
  | { type: 'list'; sessions: SessionView[] }
  | { type: 'event'; event: SessionUpdated; at: string }
  | { type: 'view'; view: SessionView };

export function reduceFeed(feed: NodeFeed, change: FeedChange): NodeFeed {
  switch (change.type) {
    case 'live':
      return { site: feed.site, index: feed.index, status: 'live', sessions: feed.sessions };
    case 'failing':
      return { ...feed, status: 'failing', reason: change.reason, retryAt: change.retryAt };
    case 'list': {
      const sessions: Record<string, SessionView> = {};
      for (const v of change.sessions) sessions[v.sessionId] = newerView(feed.sessions[v.sessionId], v);
      return { ...feed, sessions };
    }
    case 'event': {
      const next = applyEvent(feed.sessions[change.event.sessionId], change.event, change.at);
      return next === undefined ? feed : { ...feed, sessions: { ...feed.sessions, [next.sessionId]: next } };
    }
    case 'view':
      return { ...feed, sessions: { ...feed.sessions, [change.view.sessionId]: newerView(feed.sessions[change.view.sessionId], change.view) } };
  }
}

/** A session.updated message as the feed reads it: the time, and the data (sessionId and state at least). */
const SessionUpdateMessage = z.object({ at: z.string().optional(), data: SessionUpdateNotice });

/** The payload of one SSE message from GET /v1/events, when it is a session.updated. */
export function parseSessionEvent(type: string, data: string): { event: SessionUpdated; at: string } | undefined {
  if (type !== ('session.updated' satisfies NodeEventType)) return undefined;
  const message = readEventText(data, SessionUpdateMessage);
  return message && { event: message.data, at: message.at ?? new Date().toISOString() };
}

export interface SessionFeedDeps {
  infoApi: InfoApi;
  eventsApi: EventsApi;
  sessionsApi: SessionsApi;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Follows `node` until `signal` aborts; never rejects. */
export async function followNodeSessions(node: NodeTarget, deps: SessionFeedDeps, emit: (change: FeedChange) => void, signal: AbortSignal): Promise<void> {
  const { infoApi, eventsApi, sessionsApi, now = Date.now, sleep = sleepUnlessAborted } = deps;
  let resumeFrom: number | undefined;
  await reconnectLoop(
    async (connection, connected) => {
      const info = await infoApi.get(node, connection);
      resumeFrom ??= info.lastEventId;
      const list = async () => {
        const sessions = await sessionsApi.list(node, connection);
        if (!connection.aborted) emit({ type: 'list', sessions });
      };
      await list();
      const relist = coalesce(list);
      const safety = setInterval(relist.request, SAFETY_REFRESH_MS);
      connection.addEventListener('abort', () => clearInterval(safety), { once: true });
      const rereads = new Map<string, ReturnType<typeof coalesce>>();
      const reread = (sessionId: string) => {
        let r = rereads.get(sessionId);
        if (r === undefined) {
          r = coalesce(async () => {
            const view = await sessionsApi.get(node, sessionId, connection);
            if (!connection.aborted) emit({ type: 'view', view });
          });
          rereads.set(sessionId, r);
        }
        r.request();
      };
      await eventsApi.follow(node, {
        lastEventId: resumeFrom,
        signal: connection,
        onOpen: () => {
          connected();
          emit({ type: 'live' });
        },
        onEvent: (sse) => {
          const id = Number(sse.lastEventId);
          if (Number.isSafeInteger(id) && id > 0) resumeFrom = id;
          const parsed = parseSessionEvent(sse.type, sse.data);
          if (parsed === undefined) return;
          emit({ type: 'event', ...parsed });
          reread(parsed.event.sessionId);
        },
      });
    },
    (error, retryAt) => emit({ type: 'failing', reason: failureReason(error), retryAt }),
    signal,
    { now, sleep },
  );
}
