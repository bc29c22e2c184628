// The node resource that holds a node's fail-over pairing record: GET /v1/pairing and the
// versioned PUT (a stale base version is refused with 409 and the current record; terms
// the node refuses come back as 422 naming the field). The pairing state reads it on
// every node of both sites, and applying a pairing writes it there.
import { Pairing, type PutPairing } from '../protocol/pairing.ts';
import type { NodeClient, NodeTarget } from './node-client.ts';

export type PairingView = Pairing;

/** The body of PUT /v1/pairing: the terms (null = unpair) and the version they are based on. */
export type PairingChange = PutPairing;

export const PAIRING_AUDIT_ACTION = 'pairing.update';

export interface PairingApi {
  get(node: NodeTarget, signal?: AbortSignal): Promise<PairingView>;
  put(node: NodeTarget, change: PairingChange, signal?: AbortSignal): Promise<PairingView>;
}

export function createPairingApi(http: NodeClient): PairingApi {
  return {
    get: (node, signal) => http.get(node, '/v1/pairing', Pairing, signal),
    put: (node, change, signal) => http.send(node, 'PUT', '/v1/pairing', change, Pairing, signal),
  };
}
