// /v1/keys on one node: the keys it holds a share of (no secrets: key ID, curve, public
// key, chain code flag, origin), and deleting this node's share of one (admin) — what a
// fail-over canary does to clean up after itself.
import type { z } from 'zod';
import { KeyList, KeySummary } from '../protocol/api.ts';
import type { NodeClient, NodeTarget } from './node-client.ts';

export type NodeKey = z.infer<typeof KeySummary>;

export interface KeysApi {
  list(node: NodeTarget, signal?: AbortSignal): Promise<NodeKey[]>;
  get(node: NodeTarget, keyId: string, signal?: AbortSignal): Promise<NodeKey>;
  /** Delete this node's share of the key (DELETE /v1/keys/{keyId}); answers the key as it was. 404 when the node does not hold it. */
  delete(node: NodeTarget, keyId: string, signal?: AbortSignal): Promise<NodeKey>;
}

export function createKeysApi(http: NodeClient): KeysApi {
  return {
    list: async (node, signal) => (await http.get(node, '/v1/keys', KeyList, signal)).keys,
    get: (node, keyId, signal) => http.get(node, `/v1/keys/${encodeURIComponent(keyId)}`, KeySummary, signal),
    delete: (node, keyId, signal) => http.send(node, 'DELETE', `/v1/keys/${encodeURIComponent(keyId)}`, undefined, KeySummary, signal),
  };
}
