// One HTTP client for the node API: bearer token, 5 s timeout, JSON bodies parsed with the
// protocol's zod schemas, and one error type (ApiError) for everything that can go wrong,
// so the UI can say per node why it failed while the other nodes keep working.
import type { z } from 'zod';
import { ErrorBody } from '../../protocol/api.ts';

/** Why a request failed: an HTTP status from the node, or one of the client-side causes. */
export type ApiErrorCode = 'unreachable' | 'timeout' | 'bad-response' | string;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status, or 0 when no response arrived (unreachable, timeout). */
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    /** The node's error body when it sent one: per-entry errors (422), current state (409). */
    readonly body?: z.infer<typeof ErrorBody>,
  ) {
    super(message);
  }
}

export interface NodeTarget {
  url: string;
  token: string;
}

export interface HttpClient {
  get<S extends z.ZodType>(node: NodeTarget, path: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>>;
  /** A write: the body is sent as JSON; the answer is parsed with the schema. */
  send<S extends z.ZodType>(node: NodeTarget, method: 'PUT' | 'POST' | 'DELETE', path: string, body: unknown, schema: S, signal?: AbortSignal): Promise<z.infer<S>>;
}

export const REQUEST_TIMEOUT_MS = 5000;

export function createHttpClient(fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)): HttpClient {
  async function request<S extends z.ZodType>(node: NodeTarget, method: string, path: string, payload: unknown, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
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
      throw toNetworkError(error, timeout);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (timeout.aborted) throw toNetworkError(error, timeout);
      if (!response.ok) throw httpError(response.status, undefined);
      throw new ApiError(response.status, 'bad-response', 'the node answered with something that is not JSON');
    }
    if (!response.ok) throw httpError(response.status, body);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new ApiError(response.status, 'bad-response', `the node's answer does not match the API (${field || 'body'}: ${issue?.message ?? 'invalid'})`, field || undefined);
    }
    return parsed.data;
  }
  return {
    get: (node, path, schema, signal) => request(node, 'GET', path, undefined, schema, signal),
    send: (node, method, path, body, schema, signal) => request(node, method, path, body, schema, signal),
  };
}

function toNetworkError(error: unknown, timeout: AbortSignal): ApiError {
  if (timeout.aborted) return new ApiError(0, 'timeout', `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
  if (error instanceof DOMException && error.name === 'AbortError') return new ApiError(0, 'aborted', 'request cancelled');
  // fetch rejects with a TypeError for refused connections, DNS failures and CORS refusals.
  return new ApiError(0, 'unreachable', 'not reachable (connection refused, or the node does not allow this console origin)');
}

/** An error answer (any status) as an ApiError, with the body's code, message and field when it has them. */
export function httpError(status: number, body: unknown): ApiError {
  const parsed = ErrorBody.safeParse(body);
  const fallback = status === 401 || status === 403 ? 'token refused' : `HTTP ${status}`;
  if (!parsed.success) return new ApiError(status, `http-${status}`, fallback);
  return new ApiError(status, parsed.data.code, parsed.data.message, parsed.data.field, parsed.data);
}
