import { describe, expect, it } from 'vitest';
import { NodeError } from './node-client.ts';
import { createEventsApi, initialSseState, parseSse, type SseEvent } from './event-stream.ts';

/** Feeds the chunks one after another and collects every event. */
function feed(...chunks: string[]): SseEvent[] {
  let state = initialSseState;
  const events: SseEvent[] = [];
  for (const chunk of chunks) {
    const parsed = parseSse(state, chunk);
    state = parsed.state;
    events.push(...parsed.events);
  }
  return events;
}

const NODE_EVENT = 'id: 7\nevent: export-config.changed\ndata: {"id":7,"type":"export-config.changed"}\n\n';

describe('parseSse', () => {
  it('reads id, event and data the way the node writes them', () => {
    expect(feed('retry: 2000\n\n', NODE_EVENT)).toEqual([{ type: 'export-config.changed', data: '{"id":7,"type":"export-config.changed"}', lastEventId: '7' }]);
  });

  it('gives the same events however the text is split', () => {
    const text = `${NODE_EVENT}: keep-alive\n\nid: 8\nevent: key.deleted\ndata: {}\n\n`;
    const whole = feed(text);
    expect(whole.map((e) => e.lastEventId)).toEqual(['7', '8']);
    for (let cut = 0; cut <= text.length; cut++) expect(feed(text.slice(0, cut), text.slice(cut))).toEqual(whole);
    expect(feed(...text.split(''))).toEqual(whole);
  });

  it('keeps an incomplete event until its blank line arrives', () => {
    const first = parseSse(initialSseState, 'id: 1\ndata: a');
    expect(first.events).toEqual([]);
    expect(parseSse(first.state, 'b\n\n').events).toEqual([{ type: 'message', data: 'ab', lastEventId: '1' }]);
  });

  it('skips comments and heartbeats', () => {
    expect(feed(': keep-alive\n\n', ':\n', 'data: x\n: inside\n\n')).toEqual([{ type: 'message', data: 'x', lastEventId: '' }]);
  });

  it('joins multi-line data with \\n and strips one leading space only', () => {
    expect(feed('data: one\ndata:  two\ndata\ndata:three\n\n')).toEqual([{ type: 'message', data: 'one\n two\n\nthree', lastEventId: '' }]);
  });

  it('accepts CRLF and CR line ends, also with CRLF split between chunks', () => {
    const expected = [{ type: 'a', data: '1', lastEventId: '5' }];
    expect(feed('id: 5\r\nevent: a\r\ndata: 1\r\n\r\n')).toEqual(expected);
    // A CR at the very end may be half of a CRLF: the event completes with the next byte.
    expect(feed('id: 5\revent: a\rdata: 1\r\r')).toEqual([]);
    expect(feed('id: 5\revent: a\rdata: 1\r\r', ':')).toEqual(expected);
    expect(feed('id: 5\r', '\nevent: a\r', '\ndata: 1\r', '\n\r', '\n')).toEqual(expected);
    // A CR then an LF in the next chunk is one line end, not a blank line: no early dispatch.
    expect(feed('data: 1\r', '\ndata: 2\r\n\r\n')).toEqual([{ type: 'message', data: '1\n2', lastEventId: '' }]);
  });

  it('keeps the last event ID across events and resets the type', () => {
    expect(feed('id: 3\nevent: a\ndata: x\n\ndata: y\n\n')).toEqual([
      { type: 'a', data: 'x', lastEventId: '3' },
      { type: 'message', data: 'y', lastEventId: '3' },
    ]);
  });

  it('does not dispatch an event without data, but remembers its id; ignores an id with NUL', () => {
    expect(feed('id: 9\nevent: a\n\ndata: z\n\n')).toEqual([{ type: 'message', data: 'z', lastEventId: '9' }]);
    expect(feed('id: 1\n\nid: 2\0\ndata: z\n\n')).toEqual([{ type: 'message', data: 'z', lastEventId: '1' }]);
  });

  it('takes a line without a colon as a field with an empty value', () => {
    expect(feed('event\ndata\n\n')).toEqual([{ type: 'message', data: '', lastEventId: '' }]);
  });
});

describe('events api', () => {
  const node = { url: 'http://127.0.0.1:1', token: 'secret' };

  function streamOf(chunks: string[], end: 'close' | 'hang' | Error): ReadableStream<Uint8Array> {
    const bytes = chunks.map((c) => new TextEncoder().encode(c));
    return new ReadableStream({
      pull(controller) {
        const next = bytes.shift();
        if (next !== undefined) return controller.enqueue(next);
        if (end === 'close') return controller.close();
        if (end instanceof Error) return controller.error(end);
        return new Promise(() => {});
      },
    });
  }

  async function failure(p: Promise<unknown>): Promise<NodeError> {
    const error = await p.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    return error as NodeError;
  }

  it('sends the token and Last-Event-ID, hands over events, and says when the node closes the stream', async () => {
    let seen: RequestInit | undefined;
    const api = createEventsApi(async (url, init) => {
      expect(String(url)).toBe('http://127.0.0.1:1/v1/events');
      seen = init;
      // A multi-byte character split between chunks must survive decoding.
      const euro = new TextEncoder().encode('data: €\n\n');
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(`retry: 2000\n\n${NODE_EVENT}`));
          c.enqueue(euro.slice(0, 7));
          c.enqueue(euro.slice(7));
          c.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const events: SseEvent[] = [];
    let opened = 0;
    const error = await failure(api.follow(node, { lastEventId: 6, signal: new AbortController().signal, onEvent: (e) => events.push(e), onOpen: () => opened++ }));
    expect(error).toMatchObject({ code: 'stream-ended', message: 'the node closed the event stream' });
    const headers = new Headers(seen?.headers);
    expect(headers.get('authorization')).toBe('Bearer secret');
    expect(headers.get('last-event-id')).toBe('6');
    expect(opened).toBe(1);
    expect(events.map((e) => [e.type, e.data, e.lastEventId])).toEqual([
      ['export-config.changed', '{"id":7,"type":"export-config.changed"}', '7'],
      ['message', '€', '7'],
    ]);
  });

  it('turns an error answer into an NodeError with the node\'s code', async () => {
    const api = createEventsApi(async () => Response.json({ code: 'unauthenticated', message: 'token not known' }, { status: 401 }));
    expect(await failure(api.follow(node, { lastEventId: 0, signal: new AbortController().signal, onEvent: () => {} }))).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('calls a refused connection unreachable and a broken stream cut off', async () => {
    const refused = createEventsApi(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await failure(refused.follow(node, { lastEventId: 0, signal: new AbortController().signal, onEvent: () => {} }))).toMatchObject({ status: 0, code: 'unreachable' });
    const broken = createEventsApi(async () => new Response(streamOf(['retry: 2000\n\n'], new TypeError('network error'))));
    expect(await failure(broken.follow(node, { lastEventId: 0, signal: new AbortController().signal, onEvent: () => {} }))).toMatchObject({ code: 'stream-broken' });
  });

  it('gives up on a stream that stays silent, and stops when aborted', async () => {
    const hanging = (init?: RequestInit) => {
      const body = streamOf([': keep-alive\n\n'], 'hang');
      init?.signal?.addEventListener('abort', () => void body.cancel().catch(() => {}));
      return new Response(body);
    };
    // Cancelling the body makes a pending read fail like a real aborted fetch does.
    const api = createEventsApi(async (_url, init) => {
      const res = hanging(init);
      const reader = res.body!.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(c) {
          const aborted = new Promise<never>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
          const r = await Promise.race([reader.read(), aborted]);
          if (r.done) c.close();
          else c.enqueue(r.value);
        },
      });
      return new Response(body);
    });
    expect(await failure(api.follow(node, { lastEventId: 0, signal: new AbortController().signal, onEvent: () => {}, silenceMs: 50 }))).toMatchObject({
      code: 'stream-silent',
    });
    const controller = new AbortController();
    const following = api.follow(node, { lastEventId: 0, signal: controller.signal, onEvent: () => {} });
    setTimeout(() => controller.abort(), 20);
    expect(await failure(following)).toMatchObject({ code: 'aborted' });
  });
});
