// Following a node over time: one attempt at a time (each with its own abort signal, so a
// late answer from a dead connection is ignored), back-off between failed attempts (1 s
// doubling to 15 s, reset once an attempt is live), and coalesced re-reads for bursts of
// events. Shared by the dashboard's node watch and the session cockpit's feeds.

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

/** A wait that ends early when its signal aborts, so a closed page's loops end at once. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

export interface ReconnectOptions {
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Runs `attempt` again and again until `signal` aborts; never rejects. Each attempt gets
 * its own signal, aborted when the attempt ends or the caller aborts; it calls
 * `connected()` once it is live, which resets the back-off. A failed attempt is reported
 * with the time of the next one.
 */
export async function reconnectLoop(
  attempt: (connection: AbortSignal, connected: () => void) => Promise<void>,
  onFailure: (error: unknown, retryAt: number) => void,
  signal: AbortSignal,
  { now = Date.now, sleep = sleepUnlessAborted }: ReconnectOptions = {},
): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    const connection = new AbortController();
    const abort = () => connection.abort();
    signal.addEventListener('abort', abort, { once: true });
    try {
      await attempt(connection.signal, () => {
        failures = 0;
      });
    } catch (error) {
      if (signal.aborted) break;
      connection.abort();
      failures++;
      const delay = backoffDelay(failures);
      onFailure(error, now() + delay);
      await sleep(delay, signal);
    } finally {
      connection.abort();
      signal.removeEventListener('abort', abort);
    }
  }
}
