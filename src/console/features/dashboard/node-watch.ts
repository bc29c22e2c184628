// Keeps one node's status live without React: GET /v1/info, then follow GET /v1/events
// from the info's lastEventId and re-fetch /v1/info on each event (bursts coalesced). When
// the stream fails the node shows as unreachable with the reason, and it reconnects with
// backoff (1 s doubling to 15 s), resuming from the last event ID it saw. A slow safety
// re-fetch keeps reachability and peers fresh while the stream is quiet. Each node is
// watched on its own, so one failing node never affects another.
import type { EventsApi, SseEvent } from '../../../client/event-stream.ts';
import type { NodeTarget } from '../../../client/node-client.ts';
import type { InfoApi } from '../../../client/info.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import type { NodeStatus } from './node-status.ts';
import { coalesce, reconnectLoop, SAFETY_REFRESH_MS, sleepUnlessAborted } from '../../../client/reconnect.ts';

export type LiveState =
  | { state: 'connecting' }
  | { state: 'live' }
  /** `retryAt` is a Date.now() time. */
  | { state: 'reconnecting'; retryAt: number };

export interface NodeWatchDeps {
  infoApi: InfoApi;
  eventsApi: EventsApi;
  now?: () => number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  safetyRefreshMs?: number;
}

export interface NodeWatchListener {
  status: (status: NodeStatus) => void;
  live: (live: LiveState) => void;
  /** Every event the node sends, for whoever else on the page reacts to it. */
  event?: (event: SseEvent) => void;
}

/** Watches `node` until `signal` aborts; never rejects. */
export async function watchNode(node: NodeTarget, deps: NodeWatchDeps, on: NodeWatchListener, signal: AbortSignal): Promise<void> {
  const { infoApi, eventsApi, now = Date.now, sleep = sleepUnlessAborted, safetyRefreshMs = SAFETY_REFRESH_MS } = deps;
  let resumeFrom: number | undefined;
  await reconnectLoop(
    async (connection, connected) => {
      on.live({ state: 'connecting' });
      const info = await infoApi.get(node, connection);
      on.status({ state: 'reachable', info });
      resumeFrom ??= info.lastEventId;
      const refresh = coalesce(async () => {
        let status: NodeStatus;
        try {
          status = { state: 'reachable', info: await infoApi.get(node, connection) };
        } catch (error) {
          status = { state: 'unreachable', reason: failureReason(error) };
        }
        if (!connection.aborted) on.status(status);
      });
      const safety = setInterval(refresh.request, safetyRefreshMs);
      connection.addEventListener('abort', () => clearInterval(safety), { once: true });
      await eventsApi.follow(node, {
        lastEventId: resumeFrom,
        signal: connection,
        onOpen: () => {
          connected();
          on.live({ state: 'live' });
        },
        onEvent: (event) => {
          const id = Number(event.lastEventId);
          if (Number.isSafeInteger(id) && id > 0) resumeFrom = id;
          refresh.request();
          on.event?.(event);
        },
      });
    },
    (error, retryAt) => {
      on.status({ state: 'unreachable', reason: failureReason(error) });
      on.live({ state: 'reconnecting', retryAt });
    },
    signal,
    { now, sleep },
  );
}
