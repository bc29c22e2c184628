// GET /v1/info: a node's site, index, n/t, version, wrapping key fingerprint, export state
// and key count (schema: Info in src/protocol/api.ts).
import type { z } from 'zod';
import { Info } from '../protocol/api.ts';
import type { NodeClient, NodeTarget } from './node-client.ts';

export type NodeInfo = z.infer<typeof Info>;

export interface InfoApi {
  get(node: NodeTarget, signal?: AbortSignal): Promise<NodeInfo>;
}

export function createInfoApi(http: NodeClient): InfoApi {
  return { get: (node, signal) => http.get(node, '/v1/info', Info, signal) };
}
