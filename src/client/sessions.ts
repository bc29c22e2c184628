// /v1/sessions on one node: join a keygen / export / import session (idempotent for the
// same ID and parameters), list the sessions the node knows, show one. Each node is asked
// on its own; merging across nodes is the caller's business (docs/protocol.md).
import { z } from 'zod';
import { JoinSession, SessionList, SessionView } from '../protocol/session.ts';
import type { NodeClient, NodeTarget } from './node-client.ts';

export type { JoinSession, SessionView };

export interface SessionsApi {
  join(node: NodeTarget, request: JoinSession, signal?: AbortSignal): Promise<SessionView>;
  list(node: NodeTarget, signal?: AbortSignal): Promise<SessionView[]>;
  get(node: NodeTarget, sessionId: string, signal?: AbortSignal): Promise<SessionView>;
}

export function createSessionsApi(http: NodeClient): SessionsApi {
  return {
    join: (node, request, signal) => http.send(node, 'POST', '/v1/sessions', JoinSession.parse(request), SessionView, signal),
    list: async (node, signal) => (await http.get(node, '/v1/sessions', SessionList, signal)).sessions,
    get: (node, sessionId, signal) => http.get(node, `/v1/sessions/${encodeURIComponent(z.string().parse(sessionId))}`, SessionView, signal),
  };
}
