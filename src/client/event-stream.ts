// A node's event stream (GET /v1/events, Server-Sent Events) read with fetch() and a
// streaming body: EventSource cannot send the Authorization header. `parseSse` is the
// pure part (the WHATWG HTML "event stream interpretation", §9.2.6): lines end in CRLF,
// LF or CR, ":" starts a comment, a blank line dispatches the event, `data` lines join
// with "\n", `id` sets the last event ID (kept across events), `event` names the type.
import { NodeError, httpError, networkError, REQUEST_TIMEOUT_MS, type NodeTarget } from './node-client.ts';

export interface SseEvent {
  /** The `event` field, "message" when there was none. */
  type: string;
  data: string;
  /** The last event ID at dispatch (the stream's, not only this event's): what to resume from. */
  lastEventId: string;
}

export interface SseParserState {
  /** Text after the last complete line (a trailing CR is kept: it may be half of a CRLF). */
  readonly rest: string;
  readonly data: readonly string[];
  readonly type: string;
  readonly lastEventId: string;
}

export const initialSseState: SseParserState = { rest: '', data: [], type: '', lastEventId: '' };

/** Feeds one decoded chunk; returns the new state and the events it completed. */
export function parseSse(state: SseParserState, chunk: string): { state: SseParserState; events: SseEvent[] } {
  const text = state.rest + chunk;
  const events: SseEvent[] = [];
  let { data, type, lastEventId } = state;
  let start = 0;
  for (;;) {
    const end = nextLineEnd(text, start);
    if (end === undefined) break;
    const line = text.slice(start, end.at);
    start = end.next;
    if (line === '') {
      // Dispatch (an event without data is not dispatched, but its id still counts).
      if (data.length > 0) events.push({ type: type === '' ? 'message' : type, data: data.join('\n'), lastEventId });
      data = [];
      type = '';
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data = [...data, value];
    else if (field === 'event') type = value;
    else if (field === 'id' && !value.includes('\0')) lastEventId = value;
    // `retry` and unknown fields are ignored: reconnection is the caller's (with its own backoff).
  }
  return { state: { rest: text.slice(start), data, type, lastEventId }, events };
}

/** Where the line starting at `from` ends, or undefined when it is not complete yet. */
function nextLineEnd(text: string, from: number): { at: number; next: number } | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) return { at: i, next: i + 1 };
    if (c === 0x0d) {
      if (i + 1 === text.length) return undefined; // CR last: wait for a possible LF
      return { at: i, next: text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1 };
    }
  }
  return undefined;
}

/** No byte for this long (the node sends a heartbeat comment every 15 s) means the stream is dead. */
export const STREAM_SILENCE_MS = 40_000;

export interface FollowOptions {
  /** Sent as Last-Event-ID: the node replays stored events after it, then live ones. */
  lastEventId: number;
  signal: AbortSignal;
  onEvent: (event: SseEvent) => void;
  /** Called once the node has answered 200 and sent its first bytes. */
  onOpen?: () => void;
  silenceMs?: number;
}

export interface EventsApi {
  /**
   * Reads GET /v1/events until it fails. Always rejects: with an NodeError saying why the
   * stream stopped (HTTP status, unreachable, "the node closed the event stream", silence),
   * or with code 'aborted' once `signal` aborts.
   */
  follow(node: NodeTarget, options: FollowOptions): Promise<never>;
}

export function createEventsApi(fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args), timeoutMs = REQUEST_TIMEOUT_MS): EventsApi {
  return {
    async follow(node, { lastEventId, signal, onEvent, onOpen, silenceMs = STREAM_SILENCE_MS }) {
      const stream = new AbortController();
      const stop = () => stream.abort();
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
      // The answer's headers must come within the usual request timeout, then bytes at
      // least every `silenceMs`.
      let silent: NodeError | undefined;
      let timer = setTimeout(() => {
        silent = new NodeError(0, 'timeout', `no answer within ${timeoutMs / 1000} s`);
        stop();
      }, timeoutMs);
      const watch = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          silent = new NodeError(0, 'stream-silent', `the event stream sent nothing for ${Math.round(silenceMs / 1000)} s`);
          stop();
        }, silenceMs);
      };
      try {
        let response: Response;
        try {
          response = await fetchImpl(`${node.url}/v1/events`, {
            headers: { Authorization: `Bearer ${node.token}`, Accept: 'text/event-stream', 'Last-Event-ID': String(lastEventId) },
            signal: stream.signal,
            credentials: 'omit',
            cache: 'no-store',
          });
        } catch (error) {
          throw failure(silent, signal, networkError(error, undefined, timeoutMs));
        }
        if (!response.ok || response.body === null) {
          const body: unknown = await response.json().catch(() => undefined);
          throw httpError(response.status, body);
        }
        watch();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let state = initialSseState;
        let opened = false;
        for (;;) {
          let chunk: ReadableStreamReadResult<string>;
          try {
            chunk = await reader.read();
          } catch {
            throw failure(silent, signal, new NodeError(0, 'stream-broken', 'the event stream was cut off'));
          }
          if (chunk.done) throw new NodeError(0, 'stream-ended', 'the node closed the event stream');
          watch();
          if (!opened) {
            opened = true;
            onOpen?.();
          }
          const parsed = parseSse(state, chunk.value);
          state = parsed.state;
          for (const event of parsed.events) {
            if (signal.aborted) break;
            onEvent(event);
          }
        }
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', stop);
        stream.abort();
      }
    },
  };
}

function failure(silent: NodeError | undefined, signal: AbortSignal, otherwise: NodeError): NodeError {
  if (signal.aborted) return new NodeError(0, 'aborted', 'request cancelled');
  return silent ?? otherwise;
}
