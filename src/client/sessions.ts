// /v1/sessions on one node: join a keygen / export / import session (idempotent for the
// same ID and parameters), list the sessions the node knows, show one. Each node is asked
// on its own; merging across nodes is the caller's business (docs/protocol.md).
import { z } from 'zod';
import { JoinSession, MAX_SESSION_WAIT_MS, SessionList, SessionView } from '../protocol/session.ts';
import type { NodeClient, NodeTarget } from './node-client.ts';

export type { JoinSession, SessionView };

export interface SessionsApi {
  join(node: NodeTarget, request: JoinSession, signal?: AbortSignal): Promise<SessionView>;
  list(node: NodeTarget, signal?: AbortSignal): Promise<SessionView[]>;
  /** With `wait`: the node answers once the session changed from the view of `wait.since` (its `updatedAt`), or after `wait.waitMs`. */
  get(node: NodeTarget, sessionId: string, signal?: AbortSignal, wait?: SessionWait): Promise<SessionView>;
}

export interface SessionWait {
  since: string;
  waitMs: number;
}

export function createSessionsApi(http: NodeClient): SessionsApi {
  return {
    join: (node, request, signal) => http.send(node, 'POST', '/v1/sessions', JoinSession.parse(request), SessionView, signal),
    list: async (node, signal) => (await http.get(node, '/v1/sessions', SessionList, signal)).sessions,
    get: (node, sessionId, signal, wait) => {
      const path = `/v1/sessions/${encodeURIComponent(z.string().parse(sessionId))}`;
      const query = wait ? `?${new URLSearchParams({ since: wait.since, waitMs: String(Math.max(0, Math.min(MAX_SESSION_WAIT_MS, Math.round(wait.waitMs)))) })}` : '';
      return http.get(node, path + query, SessionView, signal);
    },
  };
}
