// Test helper: the SDK side of a session. Join it on every node of a site concurrently
// (POST /v1/sessions with the same body, or a per-node body for imports), then poll
// GET /v1/sessions/{id} on each until every node is terminal (done | failed).
import { randomBytes } from 'node:crypto';
import type { SessionView } from '../../protocol/session.ts';
import type { TestCluster } from './cluster-fixture.ts';

export type NodeApi = (index: number, method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>;

export interface JoinBody {
  sessionId: string;
  kind: 'keygen' | 'export' | 'import';
  parameters: Record<string, unknown>;
  timeoutMs?: number;
}

export const NODES = [1, 2, 3] as const;

/** A fresh random session ID (22 characters of base64url). */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

export function siteApi(cluster: TestCluster, site: 'main' | 'failover'): NodeApi {
  return (index, method, path, body) => cluster.api(site, index, method, path, body);
}

/** POST the join to each node at once; returns the responses in `nodes` order. */
export async function joinEach(api: NodeApi, body: JoinBody | ((index: number) => JoinBody), nodes: readonly number[] = NODES): Promise<{ status: number; json: any }[]> {
  return Promise.all(nodes.map((i) => api(i, 'POST', '/v1/sessions', typeof body === 'function' ? body(i) : body)));
}

/** Poll each node's view of the session until all are done or failed (throws after `waitMs`). */
export async function waitTerminal(api: NodeApi, sessionId: string, nodes: readonly number[] = NODES, waitMs = 60_000): Promise<SessionView[]> {
  const deadline = Date.now() + waitMs;
  let views: (SessionView | { status: number; json: unknown })[] = [];
  for (;;) {
    views = await Promise.all(
      nodes.map(async (i) => {
        const r = await api(i, 'GET', `/v1/sessions/${sessionId}`);
        return r.status === 200 ? (r.json as SessionView) : r;
      }),
    );
    const terminal = views.every((v) => 'state' in v && (v.state === 'done' || v.state === 'failed'));
    if (terminal) return views as SessionView[];
    if (Date.now() > deadline) {
      throw new Error(`session ${sessionId} not terminal on nodes ${nodes.join(', ')} within ${waitMs} ms: ${JSON.stringify(views, null, 1)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Join on every node (each join must answer 200) and wait until all are terminal. */
export async function joinAll(api: NodeApi, body: JoinBody | ((index: number) => JoinBody), nodes: readonly number[] = NODES, waitMs = 60_000): Promise<SessionView[]> {
  const joined = await joinEach(api, body, nodes);
  joined.forEach((r, k) => {
    if (r.status !== 200) throw new Error(`join on node ${nodes[k]} answered ${r.status}: ${JSON.stringify(r.json)}`);
  });
  const sessionId = (typeof body === 'function' ? body(nodes[0]!) : body).sessionId;
  return waitTerminal(api, sessionId, nodes, waitMs);
}

/** The states a view went through, in order. */
export const states = (v: SessionView) => v.history.map((h) => h.state);
