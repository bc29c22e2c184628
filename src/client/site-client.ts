// A site client: a Site (from its profile) with the node APIs, to ask every node at once
// and run a session on all of them — what the console's pages, the CLI's commands and the
// benches do to a site. Every node is asked on its own; one failing node never hides the
// others' answers.
import { createEventsApi, type EventsApi } from './event-stream.ts';
import { createExportConfigApi, type ExportConfigApi } from './export-config.ts';
import { createInfoApi, type InfoApi } from './info.ts';
import { createKeysApi, type KeysApi } from './keys.ts';
import { createNodeClient, NodeError, REQUEST_TIMEOUT_MS, type NodeClient, type NodeClientOptions } from './node-client.ts';
import { createPairingApi, type PairingApi } from './pairing-record.ts';
import { runSession, type RunPolicy, type SiteRun } from './run-session.ts';
import { createSessionsApi, type SessionsApi } from './sessions.ts';
import type { Site, SiteNode } from './site.ts';
import type { JoinSession } from '../protocol/session.ts';

/** One API module per node resource, over one node client. */
export interface NodeApis {
  info: InfoApi;
  keys: KeysApi;
  sessions: SessionsApi;
  exportConfig: ExportConfigApi;
  pairing: PairingApi;
  events: EventsApi;
}

export function createNodeApis(client: NodeClient = createNodeClient()): NodeApis {
  return {
    info: createInfoApi(client),
    keys: createKeysApi(client),
    sessions: createSessionsApi(client),
    exportConfig: createExportConfigApi(client),
    pairing: createPairingApi(client),
    events: createEventsApi(client.fetch, client.timeoutMs),
  };
}

export type NodeAnswer<T> = { node: SiteNode; ok: true; value: T } | { node: SiteNode; ok: false; error: NodeError };

export interface SiteClient {
  readonly site: Site;
  readonly apis: NodeApis;
  /** Ask every node at once; one answer per node, in index order. Errors other than NodeError are thrown. */
  eachNode<T>(call: (apis: NodeApis, node: SiteNode, signal?: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<Array<NodeAnswer<T>>>;
  /** Join every node with its request and follow the session to done or failed. */
  runSession(requestFor: (index: number) => JoinSession, policy?: RunPolicy & { onProgress?: (run: SiteRun) => void }): Promise<SiteRun>;
}

export function createSiteClient(site: Site, apis: NodeApis | NodeClientOptions = {}): SiteClient {
  const http = 'sessions' in apis ? undefined : createNodeClient(apis);
  const resolved: NodeApis = http ? createNodeApis(http) : (apis as NodeApis);
  // A long poll must come back well within the request timeout, or it would read as a node not answering.
  const waitCap = (http?.timeoutMs ?? REQUEST_TIMEOUT_MS) / 2;
  return {
    site,
    apis: resolved,
    eachNode: (call, signal) =>
      Promise.all(
        site.nodes.map(async (node): Promise<NodeAnswer<Awaited<ReturnType<typeof call>>>> => {
          try {
            return { node, ok: true, value: await call(resolved, node, signal) };
          } catch (error) {
            if (error instanceof NodeError) return { node, ok: false, error };
            throw error;
          }
        }),
      ),
    runSession: (requestFor, policy = {}) =>
      runSession({ ...policy, ...(policy.waitMs ? { waitMs: Math.min(policy.waitMs, waitCap) } : {}), nodes: site.nodes, requestFor, api: resolved.sessions }),
  };
}
