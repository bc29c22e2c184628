// The node admin API contract (/v1): request and response bodies as zod schemas, shared
// by the node (validation), the console and the CLI (parsing responses), and the
// OpenAPI document the node serves at /v1/openapi.json.
import { z } from 'zod';
import { Curve, KeyId } from './domain.ts';
import { Pairing, PairingRecord, PutPairingRequest } from './pairing.ts';
import { PublicShare, PublicSharesRequest, PublicSharesResult, RawBackupInfo, RawExportRequest, RawExportResult, RawImportRequest, RawImportResult, SetNoCopy } from './raw-backup.ts';
import { JoinSession, MAX_SESSION_WAIT_MS, PeerEnvelope, SESSION_BODY_LIMIT, SessionList, SessionView } from './session.ts';

export const Role = z.enum(['admin', 'operator', 'viewer']);

export const Health = z.object({ status: z.literal('ok') });

export const PeerStatus = z.object({
  index: z.number().int(),
  url: z.string(),
  reachable: z.boolean(),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});

export const Info = z.object({
  site: z.string(),
  index: z.number().int(),
  n: z.number().int(),
  t: z.number().int(),
  version: z.string(),
  wrappingKeyFingerprint: z.string(),
  identityKey: z.string().describe('base64 of the 32-byte Ed25519 node identity public key, as peers configure it'),
  exportEnabled: z.boolean(),
  whitelistSize: z.number().int(),
  whitelistWildcard: z.boolean(),
  keyCount: z.number().int(),
  peers: z.array(PeerStatus),
  you: z.object({ name: z.string(), role: Role }),
  lastEventId: z.number().int().describe('ID of the newest event; send it as Last-Event-ID to /v1/events to get only later ones (0: none yet)'),
  pairing: PairingRecord.nullable().describe('the fail-over pairing this node records (GET /v1/pairing); null when not paired'),
});

export const WrappingKeyEntry = z.object({
  spki: z.string().describe('base64 DER SubjectPublicKeyInfo'),
  fingerprint: z.string().describe('hex SHA-256 of the DER SPKI'),
  status: z.enum(['active', 'previous', 'retired']),
  createdAt: z.string(),
});

export const WrappingKeys = z.object({
  spki: z.string(),
  fingerprint: z.string(),
  bits: z.number().int(),
  keys: z.array(WrappingKeyEntry),
});

export const WhitelistEntry = z.object({ key: z.string(), fingerprint: z.string().optional(), rsaBits: z.number().int().optional() });

export const ExportConfig = z.object({
  enableExport: z.boolean(),
  whitelist: z.array(z.string()),
  entries: z.array(WhitelistEntry),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const PutExportConfig = z.object({
  enableExport: z.boolean(),
  whitelist: z.array(z.string().max(8192)).max(256),
  version: z.number().int().min(1).describe('the version this change was based on; a stale version gets 409'),
});

export const KeySummary = z.object({
  keyId: KeyId,
  curve: Curve,
  publicKey: z.string().describe('base64 DER SPKI'),
  chainCode: z.boolean(),
  createdAt: z.string(),
  origin: z.string(),
  /** Cold storage (docs/backup.md): present (true) only for a key whose state must not be reused after a copy. */
  noCopy: z.boolean().optional(),
  /** Present (true) only when a noCopy key was raw-exported: the node keeps it but no longer exports or uses it. */
  disabled: z.boolean().optional(),
});

export const KeyList = z.object({ keys: z.array(KeySummary) });

export const Backup = z.object({
  format: z.literal('keyferry-backup/1'),
  site: z.string(),
  index: z.number().int(),
  threshold: z.number().int(),
  players: z.number().int(),
  keyId: KeyId,
  curve: Curve,
  publicKey: z.string(),
  chainCode: z.boolean(),
  origin: z.string(),
  createdAt: z.string(),
  wrapped: z.string().describe('base64 AES-KWP(HKDF(master KEK), share ‖ chain code? ‖ SHA-256(metadata))'),
});

export const RestoreResult = z.object({ key: KeySummary, created: z.boolean() });

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  outcome: z.enum(['ok', 'refused']),
  details: z.record(z.string(), z.unknown()),
});

export const AuditQuery = z.object({
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  action: z.string().max(64).optional(),
});

/**
 * GET /v1/sessions/{sessionId}: with `since` (the view's `updatedAt` the caller holds) and
 * `waitMs`, the node holds its answer until the session changes or `waitMs` passes — a
 * long poll, so that a client following a session is told of each change at once without
 * asking many times a second.
 */
export const SessionWaitQuery = z.object({
  since: z.string().max(40).optional(),
  waitMs: z.coerce.number().int().min(0).max(MAX_SESSION_WAIT_MS).optional(),
});

export const AuditList = z.object({ entries: z.array(AuditEntry), nextBefore: z.number().int().optional() });

export const EntryError = z.object({ index: z.number().int(), code: z.string(), message: z.string() });

export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
  errors: z.array(EntryError).optional().describe('per-entry problems (PUT /v1/export-config)'),
  current: z.unknown().optional().describe('the current state, on 409 conflicts'),
});

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  /** 'none': open; 'peer': no bearer token, authenticated by the message signature instead. */
  role: z.infer<typeof Role> | 'none' | 'peer';
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  contentType?: string;
  /** Largest request body in bytes, where a route takes more than the node's default (batch sessions). */
  bodyLimit?: number;
}

/** Every route of the admin API, in one table: the OpenAPI document is generated from it. */
export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/v1/health', summary: 'Liveness; no token needed', role: 'none', response: Health },
  { method: 'GET', path: '/v1/info', summary: 'Site, index, n/t, wrapping key, export state, key count, peers', role: 'viewer', response: Info },
  { method: 'GET', path: '/v1/wrapping-key', summary: 'The node wrapping key (DER SPKI base64 + fingerprint) and earlier ones', role: 'viewer', response: WrappingKeys },
  { method: 'POST', path: '/v1/wrapping-key/rotate', summary: 'New wrapping key pair; the old one stays usable for imports until retired', role: 'admin', response: WrappingKeys },
  { method: 'POST', path: '/v1/wrapping-key/{fingerprint}/retire', summary: 'Erase a previous wrapping key', role: 'admin', response: WrappingKeys },
  { method: 'GET', path: '/v1/export-config', summary: 'EnableExport and ExportWhiteList with their version', role: 'viewer', response: ExportConfig },
  { method: 'PUT', path: '/v1/export-config', summary: 'Replace the export configuration (409 on a stale version, 422 with per-entry errors)', role: 'admin', body: PutExportConfig, response: ExportConfig },
  { method: 'GET', path: '/v1/export-config.toml', summary: 'The [Player] section as a config file holds it, and [Pairing] when paired', role: 'viewer', contentType: 'application/toml' },
  { method: 'GET', path: '/v1/pairing', summary: 'The fail-over pairing this node records, with its version (0: never set)', role: 'viewer', response: Pairing },
  { method: 'PUT', path: '/v1/pairing', summary: 'Record or remove (pairing: null) the fail-over pairing (409 on a stale version, 422 naming the field)', role: 'admin', body: PutPairingRequest, response: Pairing },
  { method: 'GET', path: '/v1/keys', summary: 'Keys held by this node (no secrets)', role: 'viewer', response: KeyList },
  { method: 'GET', path: '/v1/keys/{keyId}', summary: 'One key', role: 'viewer', response: KeySummary },
  { method: 'DELETE', path: '/v1/keys/{keyId}', summary: 'Delete this node\'s share of a key', role: 'admin', response: KeySummary },
  { method: 'POST', path: '/v1/keys/{keyId}/backup', summary: 'Raw backup: the share wrapped under the master KEK', role: 'admin', response: Backup },
  { method: 'POST', path: '/v1/keys/restore', summary: 'Restore a raw backup on a node with the same master KEK', role: 'admin', body: Backup, response: RestoreResult },
  // Cold storage (docs/backup.md): raw backups of many keys, their restore, noCopy.
  { method: 'GET', path: '/v1/raw-backup', summary: 'What raw records of this node carry: site, index, threshold, players, master KEK fingerprint', role: 'viewer', response: RawBackupInfo },
  { method: 'POST', path: '/v1/keys/raw-export', summary: 'Raw backup records (keyferry-raw/1) of up to 1000 keys; disables noCopy keys', role: 'admin', body: RawExportRequest, response: RawExportResult },
  { method: 'POST', path: '/v1/keys/raw-import', summary: 'Restore raw backup records on a node with the same master KEK; an outcome per record', role: 'admin', body: RawImportRequest, response: RawImportResult },
  { method: 'PUT', path: '/v1/keys/{keyId}/no-copy', summary: 'Mark a key noCopy (one-way): disabled on raw export, its records restored once', role: 'admin', body: SetNoCopy, response: KeySummary },
  { method: 'POST', path: '/v1/keys/public-shares', summary: 'x_i·G of this node\'s share of up to 1000 keys, and the ones it does not hold', role: 'viewer', body: PublicSharesRequest, response: PublicSharesResult },
  { method: 'GET', path: '/v1/keys/{keyId}/public-share', summary: 'x_i·G of this node\'s share of the key, for the site-wide check', role: 'viewer', response: PublicShare },
  { method: 'GET', path: '/v1/audit', summary: 'Audit log, newest first', role: 'viewer', query: AuditQuery, response: AuditList },
  { method: 'GET', path: '/v1/events', summary: 'Server-Sent Events; resumes after Last-Event-ID', role: 'viewer', contentType: 'text/event-stream' },
  { method: 'GET', path: '/v1/openapi.json', summary: 'This document', role: 'viewer' },
  { method: 'POST', path: '/v1/sessions', summary: 'Join a keygen / export / import session (idempotent for the same ID and parameters)', role: 'operator', body: JoinSession, response: SessionView, bodyLimit: SESSION_BODY_LIMIT },
  { method: 'GET', path: '/v1/sessions', summary: 'Sessions this node knows, newest first', role: 'viewer', response: SessionList },
  { method: 'GET', path: '/v1/sessions/{sessionId}', summary: 'One session: state, history, parameters, failure or result (with since and waitMs: once it changes)', role: 'viewer', query: SessionWaitQuery, response: SessionView },
  { method: 'POST', path: '/v1/peer/messages', summary: 'Node-to-node session messages, signed by the sending node', role: 'peer', body: PeerEnvelope, bodyLimit: SESSION_BODY_LIMIT },
];
