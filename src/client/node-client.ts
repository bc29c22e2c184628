// The one HTTP client for a node's admin API, used by the console, the CLI, the benches
// and the e2e helpers: bearer token, a per-request timeout, JSON bodies parsed with the
// protocol's zod schemas, and one error type (NodeError) for everything that can go wrong —
// so each caller can say per node why it failed while the other nodes keep working.
// `fetch` is injected (tests, and runtimes without a global one); nothing here is
// browser- or Node-only.
import type { z } from 'zod';
import { ErrorBody } from '../protocol/api.ts';

/** Why a request failed: the node's own error code, or one of the client-side causes. */
export type NodeErrorCode = 'unreachable' | 'timeout' | 'aborted' | 'bad-response' | 'stream-silent' | 'stream-broken' | 'stream-ended' | (string & {});

/** Which node a request went to, for sentences: "main node 2 (http://…)". */
export interface NodeTarget {
  url: string;
  token: string;
  /** Its index on its site, when the caller knows it. */
  index?: number;
  /** Its site's name, when the caller knows it. */
  site?: string;
}

export class NodeError extends Error {
  override readonly name = 'NodeError';
  constructor(
    /** HTTP status, or 0 when no answer arrived (unreachable, timeout, aborted). */
    readonly status: number,
    readonly code: NodeErrorCode,
    /** The sentence: the node's own message, or what went wrong on the way. */
    message: string,
    readonly field?: string,
    /** The node's error body when it sent one: per-entry errors (422), current state (409). */
    readonly body?: z.infer<typeof ErrorBody>,
    /** The low-level cause when no answer came (e.g. "ECONNREFUSED"), for the CLI's sentences. */
    readonly detail?: string,
    /** The node the request went to (set by the client). */
    public node?: Readonly<NodeTarget>,
  ) {
    super(message);
  }

  /** No answer came (refused, DNS, timeout): worth trying again. */
  get unreachable(): boolean {
    return this.code === 'unreachable' || this.code === 'timeout';
  }
}

export interface NodeClient {
  get<S extends z.ZodType>(node: NodeTarget, path: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>>;
  /** A write: the body is sent as JSON; the answer is parsed with the schema. */
  send<S extends z.ZodType>(node: NodeTarget, method: 'PUT' | 'POST' | 'DELETE', path: string, body: unknown, schema: S, signal?: AbortSignal): Promise<z.infer<S>>;
  /** The request timeout in milliseconds, for sentences and the event stream's first answer. */
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
}

export interface NodeClientOptions {
  fetch?: typeof fetch;
  /** Per request; no answer within it is a NodeError with code 'timeout' (default 5 s). */
  timeoutMs?: number;
}

export const REQUEST_TIMEOUT_MS = 5000;

export function createNodeClient(options: NodeClientOptions | typeof fetch = {}): NodeClient {
  const { fetch: fetchImpl = (...args: Parameters<typeof fetch>) => globalThis.fetch(...args), timeoutMs = REQUEST_TIMEOUT_MS } =
    typeof options === 'function' ? { fetch: options } : options;

  async function request<S extends z.ZodType>(node: NodeTarget, method: string, path: string, payload: unknown, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
    try {
      return await attempt(node, method, path, payload, schema, signal);
    } catch (error) {
      if (error instanceof NodeError) error.node ??= node;
      throw error;
    }
  }

  async function attempt<S extends z.ZodType>(node: NodeTarget, method: string, path: string, payload: unknown, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    const headers: Record<string, string> = { Authorization: `Bearer ${node.token}`, Accept: 'application/json' };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(`${node.url}${path}`, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        signal: combined,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      throw networkError(error, timeout, timeoutMs);
    }
    let body: unknown;
    try {
      const text = await response.text();
      body = text === '' ? undefined : JSON.parse(text);
    } catch (error) {
      if (timeout.aborted) throw networkError(error, timeout, timeoutMs);
      if (!response.ok) throw httpError(response.status, undefined);
      throw new NodeError(response.status, 'bad-response', 'the node answered with something that is not JSON');
    }
    if (!response.ok) throw httpError(response.status, body);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new NodeError(response.status, 'bad-response', `the node's answer does not match the API (${field || 'body'}: ${issue?.message ?? 'invalid'})`, field || undefined);
    }
    return parsed.data;
  }

  return {
    get: (node, path, schema, signal) => request(node, 'GET', path, undefined, schema, signal),
    send: (node, method, path, body, schema, signal) => request(node, method, path, body, schema, signal),
    timeoutMs,
    fetch: fetchImpl,
  };
}

/** A request that got no answer, as a NodeError: timed out, cancelled by the caller, or unreachable. */
export function networkError(error: unknown, timeout: AbortSignal | undefined, timeoutMs: number): NodeError {
  if (timeout?.aborted) return new NodeError(0, 'timeout', `no answer within ${timeoutMs / 1000} s`);
  if (error instanceof DOMException && error.name === 'AbortError') return new NodeError(0, 'aborted', 'request cancelled');
  // fetch rejects with a TypeError for refused connections, DNS failures and CORS refusals;
  // Node's fetch names the cause (ECONNREFUSED …), a browser's never does.
  return new NodeError(0, 'unreachable', 'not reachable (connection refused, or the node does not allow this console origin)', undefined, undefined, causeOf(error));
}

function causeOf(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause === undefined || cause === null) return undefined;
  const code = typeof cause.code === 'string' ? cause.code : undefined;
  const message = typeof cause.message === 'string' ? cause.message : undefined;
  if (code !== undefined) return message !== undefined && !message.includes(code) ? `${code} ${message}` : code;
  return message;
}

/** An error answer (any status) as a NodeError, with the body's code, message and field when it has them. */
export function httpError(status: number, body: unknown): NodeError {
  const parsed = ErrorBody.safeParse(body);
  const fallback = status === 401 || status === 403 ? 'token refused' : `HTTP ${status}`;
  if (!parsed.success) return new NodeError(status, `http-${status}`, fallback);
  return new NodeError(status, parsed.data.code, parsed.data.message, parsed.data.field, parsed.data);
}
