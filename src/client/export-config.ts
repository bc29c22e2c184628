// The node resources the export-whitelist manager reads and writes: GET/PUT
// /v1/export-config (versioned; a stale base version is refused with 409 and the current
// state), GET /v1/wrapping-key (to name where a whitelisted key came from) and the audit
// history of whitelist changes (GET /v1/audit?action=export-config.update).
import type { z } from 'zod';
import { AuditList, ExportConfig, WrappingKeys, type PutExportConfig } from '../protocol/api.ts';
import type { NodeClient, NodeTarget } from './node-client.ts';

export type ExportConfigView = z.infer<typeof ExportConfig>;
export type NodeWrappingKeys = z.infer<typeof WrappingKeys>;
export type AuditPage = z.infer<typeof AuditList>;

/** The body of PUT /v1/export-config: EnableExport, the entries (base64 DER SPKI, or ["*"]) and the version it was based on. */
export type ExportConfigChange = z.infer<typeof PutExportConfig>;

export const WHITELIST_AUDIT_ACTION = 'export-config.update';

export interface ExportConfigApi {
  get(node: NodeTarget, signal?: AbortSignal): Promise<ExportConfigView>;
  put(node: NodeTarget, change: ExportConfigChange, signal?: AbortSignal): Promise<ExportConfigView>;
  wrappingKeys(node: NodeTarget, signal?: AbortSignal): Promise<NodeWrappingKeys>;
  /** Whitelist changes, newest first; pass `before` from the previous page's nextBefore. */
  history(node: NodeTarget, before?: number, signal?: AbortSignal): Promise<AuditPage>;
}

export function createExportConfigApi(http: NodeClient): ExportConfigApi {
  return {
    get: (node, signal) => http.get(node, '/v1/export-config', ExportConfig, signal),
    put: (node, change, signal) => http.send(node, 'PUT', '/v1/export-config', change, ExportConfig, signal),
    wrappingKeys: (node, signal) => http.get(node, '/v1/wrapping-key', WrappingKeys, signal),
    history: (node, before, signal) => {
      const query = new URLSearchParams({ action: WHITELIST_AUDIT_ACTION, limit: '20' });
      if (before !== undefined) query.set('before', String(before));
      return http.get(node, `/v1/audit?${query}`, AuditList, signal);
    },
  };
}
