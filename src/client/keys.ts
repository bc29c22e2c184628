// /v1/keys on one node: the keys it holds a share of (no secrets: key ID, curve, public
// key, chain code flag, origin), and deleting this node's share of one (admin) — what a
// fail-over canary does to clean up after itself.
import type { z } from 'zod';
import { KeyList, KeySummary } from '../protocol/api.ts';
import { PublicShare, PublicSharesResult, RawBackupInfo, RawExportResult, RawImportResult } from '../protocol/raw-backup.ts';
import type { NodeClient, NodeTarget } from './node-client.ts';

export type NodeKey = z.infer<typeof KeySummary>;

export interface KeysApi {
  list(node: NodeTarget, signal?: AbortSignal): Promise<NodeKey[]>;
  get(node: NodeTarget, keyId: string, signal?: AbortSignal): Promise<NodeKey>;
  /** Delete this node's share of the key (DELETE /v1/keys/{keyId}); answers the key as it was. 404 when the node does not hold it. */
  delete(node: NodeTarget, keyId: string, signal?: AbortSignal): Promise<NodeKey>;
  // Cold storage (docs/backup.md); client/raw-backup.ts runs them on a whole site.
  /** What this node's raw records carry: site, index, threshold, players, KEK fingerprint. */
  rawInfo(node: NodeTarget, signal?: AbortSignal): Promise<RawBackupInfo>;
  /** Raw records of up to MAX_RAW_KEYS keys; disables the noCopy ones on the node. */
  rawExport(node: NodeTarget, keyIds: readonly string[], signal?: AbortSignal): Promise<RawExportResult>;
  /** Restore raw records (as read from files: each is checked by the node); an outcome per record. */
  rawImport(node: NodeTarget, records: readonly unknown[], signal?: AbortSignal): Promise<RawImportResult>;
  /** Mark a key noCopy on this node (one-way). */
  setNoCopy(node: NodeTarget, keyId: string, signal?: AbortSignal): Promise<NodeKey>;
  /** x_i·G of this node's share of the key. */
  publicShare(node: NodeTarget, keyId: string, signal?: AbortSignal): Promise<PublicShare>;
  /** x_i·G of this node's share of each key it holds among `keyIds` (at most MAX_RAW_KEYS), and the ones it lacks. */
  publicShares(node: NodeTarget, keyIds: readonly string[], signal?: AbortSignal): Promise<PublicSharesResult>;
}

export function createKeysApi(http: NodeClient): KeysApi {
  return {
    list: async (node, signal) => (await http.get(node, '/v1/keys', KeyList, signal)).keys,
    get: (node, keyId, signal) => http.get(node, `/v1/keys/${encodeURIComponent(keyId)}`, KeySummary, signal),
    delete: (node, keyId, signal) => http.send(node, 'DELETE', `/v1/keys/${encodeURIComponent(keyId)}`, undefined, KeySummary, signal),
    rawInfo: (node, signal) => http.get(node, '/v1/raw-backup', RawBackupInfo, signal),
    rawExport: (node, keyIds, signal) => http.send(node, 'POST', '/v1/keys/raw-export', { keyIds }, RawExportResult, signal),
    rawImport: (node, records, signal) => http.send(node, 'POST', '/v1/keys/raw-import', { records }, RawImportResult, signal),
    setNoCopy: (node, keyId, signal) => http.send(node, 'PUT', `/v1/keys/${encodeURIComponent(keyId)}/no-copy`, { noCopy: true }, KeySummary, signal),
    publicShare: (node, keyId, signal) => http.get(node, `/v1/keys/${encodeURIComponent(keyId)}/public-share`, PublicShare, signal),
    publicShares: (node, keyIds, signal) => http.send(node, 'POST', '/v1/keys/public-shares', { keyIds }, PublicSharesResult, signal),
  };
}
