// /v1/keys on one node: the keys it holds a share of (no secrets: key ID, curve, public
// key, chain code flag, origin).
import type { z } from 'zod';
import { KeyList, KeySummary } from '../protocol/api.ts';
import type { NodeClient, NodeTarget } from './node-client.ts';

export type NodeKey = z.infer<typeof KeySummary>;

export interface KeysApi {
  list(node: NodeTarget, signal?: AbortSignal): Promise<NodeKey[]>;
  get(node: NodeTarget, keyId: string, signal?: AbortSignal): Promise<NodeKey>;
}

export function createKeysApi(http: NodeClient): KeysApi {
  return {
    list: async (node, signal) => (await http.get(node, '/v1/keys', KeyList, signal)).keys,
    get: (node, keyId, signal) => http.get(node, `/v1/keys/${encodeURIComponent(keyId)}`, KeySummary, signal),
  };
}
