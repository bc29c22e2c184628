// Keeps one node's status live without React: GET /v1/info, then follow GET /v1/events
// from the info's lastEventId and re-fetch /v1/info on each event (bursts coalesced). When
// the stream fails the node shows as unreachable with the reason, and it reconnects with
// backoff (1 s doubling to 15 s), resuming from the last event ID it saw. A slow safety
// re-fetch keeps reachability and peers fresh while the stream is quiet. Each node is
// watched on its own, so one failing node never affects another.
import type { EventsApi } from '../../api/event-stream.ts';
import type { NodeTarget } from '../../api/http-client.ts';
import type { InfoApi } from '../../api/info.ts';
import { failureReason, type NodeStatus } from './node-status.ts';
import { sleepUnlessAborted } from '../../shared/sleep.ts';

export type LiveState =
  | { state: 'connecting' }
  | { state: 'live' }
  /** `retryAt` is a Date.now() time. */
  | { state: 'reconnecting'; retryAt: number };

export const BACKOFF_FIRST_MS = 1000;
export const BACKOFF_MAX_MS = 15_000;
export const SAFETY_REFRESH_MS = 30_000;

/** The wait before reconnect attempt `failures` (1 for the first failure in a row). */
export function backoffDelay(failures: number): number {
  return Math.min(BACKOFF_FIRST_MS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MS);
}

/**
 * Runs `task` on request, at most one run at a time; requests during a run collapse into
 * one more run after it (so a burst of events costs at most two /v1/info fetches).
 */
export function coalesce(task: () => Promise<void>): { request: () => void; idle: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let pending = false;
  const start = (): Promise<void> => {
    running = (async () => {
      try {
        await task();
      } catch {
        // the task reports its own failures
      }
      if (pending) {
        pending = false;
        await start();
      } else {
        running = undefined;
      }
    })();
    return running;
  };
  return {
    request() {
      if (running) pending = true;
      else void start();
    },
    /** Resolves when nothing is running or pending (for tests). */
    async idle() {
      while (running) await running;
    },
  };
}

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
}

/** Watches `node` until `signal` aborts; never rejects. */
export async function watchNode(node: NodeTarget, deps: NodeWatchDeps, on: NodeWatchListener, signal: AbortSignal): Promise<void> {
  const { infoApi, eventsApi, now = Date.now, sleep = sleepUnlessAborted, safetyRefreshMs = SAFETY_REFRESH_MS } = deps;
  let resumeFrom: number | undefined;
  let failures = 0;
  while (!signal.aborted) {
    on.live({ state: 'connecting' });
    // One controller per connection: when the stream fails, fetches it started are
    // abandoned, so a late answer cannot mark the node reachable again.
    const connection = new AbortController();
    const abort = () => connection.abort();
    signal.addEventListener('abort', abort, { once: true });
    let safety: ReturnType<typeof setInterval> | undefined;
    try {
      const info = await infoApi.get(node, connection.signal);
      on.status({ state: 'reachable', info });
      resumeFrom ??= info.lastEventId;
      const refresh = coalesce(async () => {
        let status: NodeStatus;
        try {
          status = { state: 'reachable', info: await infoApi.get(node, connection.signal) };
        } catch (error) {
          status = { state: 'unreachable', reason: failureReason(error) };
        }
        if (!connection.signal.aborted) on.status(status);
      });
      safety = setInterval(refresh.request, safetyRefreshMs);
      await eventsApi.follow(node, {
        lastEventId: resumeFrom,
        signal: connection.signal,
        onOpen: () => {
          failures = 0;
          on.live({ state: 'live' });
        },
        onEvent: (event) => {
          const id = Number(event.lastEventId);
          if (Number.isSafeInteger(id) && id > 0) resumeFrom = id;
          refresh.request();
        },
      });
    } catch (error) {
      if (signal.aborted) break;
      connection.abort();
      clearInterval(safety);
      failures++;
      const delay = backoffDelay(failures);
      on.status({ state: 'unreachable', reason: failureReason(error) });
      on.live({ state: 'reconnecting', retryAt: now() + delay });
      await sleep(delay, signal);
    } finally {
      clearInterval(safety);
      connection.abort();
      signal.removeEventListener('abort', abort);
    }
  }
}
