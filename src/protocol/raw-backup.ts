// Cold storage (issue 13, docs/backup.md): the raw backup record a node makes of its share
// of a key — the share (and chain code) wrapped with AES-KWP under a key derived from the
// node's master KEK and from the record's own metadata — and the bodies of the routes that
// make, restore and mark them. Shared by the node (validation), the client and the console.
import { z } from 'zod';
import { Curve, KeyId } from './domain.ts';

export const RAW_FORMAT = 'keyferry-raw/1';

/** Most keys one raw-export or raw-import request carries (the client splits larger runs). */
export const MAX_RAW_KEYS = 1000;

const Hex = (bytes: number, what: string) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${what} is ${bytes * 2} lowercase hex digits`);

/** Identifies a master KEK without revealing it: HKDF-SHA256(KEK, info "keyferry kek fingerprint v1"), 16 bytes, hex. */
export const KekFingerprint = Hex(16, 'a KEK fingerprint');

/** One node's share of one key, wrapped for cold storage. Every field but `wrapped` is bound to it (docs/backup.md "Binding"). */
export const RawRecord = z.object({
  format: z.literal(RAW_FORMAT),
  /** Random per export: a noCopy record is restored at most once per node, by this ID. */
  recordId: Hex(16, 'recordId'),
  site: z.string().min(1).max(64),
  index: z.number().int().min(1).max(255),
  threshold: z.number().int().min(1).max(254),
  players: z.number().int().min(2).max(255),
  keyId: KeyId,
  curve: Curve,
  publicKey: z.string().min(1).max(400).describe('base64 DER SPKI of the site\'s key'),
  publicShare: z.string().min(1).max(200).describe('base64 of this node\'s public share x_i·G (SEC1 uncompressed, or the Ed25519 point)'),
  chainCode: z.boolean().describe('the wrapped bytes hold the 32-byte chain code after the share'),
  noCopy: z.boolean(),
  origin: z.string().max(200),
  createdAt: z.string().max(40),
  exportedAt: z.string().max(40),
  kekFingerprint: KekFingerprint,
  wrapped: z.string().min(1).max(400).describe('base64 AES-KWP (RFC 5649) of share ‖ chain code?, under HKDF-SHA256(master KEK, salt recordId, info metadata digest)'),
});
export type RawRecord = z.infer<typeof RawRecord>;

/** What this node is, for reading a backup against it: GET /v1/raw-backup. */
export const RawBackupInfo = z.object({
  format: z.literal(RAW_FORMAT),
  site: z.string(),
  index: z.number().int(),
  threshold: z.number().int(),
  players: z.number().int(),
  kekFingerprint: KekFingerprint,
});
export type RawBackupInfo = z.infer<typeof RawBackupInfo>;

export const RawExportRequest = z.object({
  keyIds: z.array(KeyId).min(1, 'name at least one key ID').max(MAX_RAW_KEYS, `at most ${MAX_RAW_KEYS} key IDs per request`),
});

export const RawFailure = z.object({ keyId: z.string(), code: z.string(), message: z.string(), field: z.string().optional() });
export type RawFailure = z.infer<typeof RawFailure>;

export const RawExportResult = z.object({
  site: z.string(),
  index: z.number().int(),
  kekFingerprint: KekFingerprint,
  records: z.array(RawRecord),
  /** Keys not exported (no such key on this node), each with its sentence. */
  failures: z.array(RawFailure),
  /** Key IDs of noCopy keys this export disabled on the node (they were enabled before). */
  disabled: z.array(KeyId),
});
export type RawExportResult = z.infer<typeof RawExportResult>;

/** Records are read one by one, so a malformed one is refused alone (naming its field) and the rest go on. */
export const RawImportRequest = z.object({
  records: z.array(z.unknown()).min(1, 'give at least one record').max(MAX_RAW_KEYS, `at most ${MAX_RAW_KEYS} records per request`),
});

export const RawImportStatus = z.enum(['restored', 'already-present', 'refused']);

/** Why a record was refused. */
export const RawRefusal = z.enum(['invalid-record', 'wrong-node', 'wrong-kek', 'altered', 'key-exists', 'restored-once', 'share-mismatch']);

export const RawImportOutcome = z.object({
  /** Position in the request's `records`. */
  position: z.number().int(),
  keyId: z.string().nullable(),
  status: RawImportStatus,
  code: RawRefusal.optional(),
  message: z.string(),
  field: z.string().optional(),
});
export type RawImportOutcome = z.infer<typeof RawImportOutcome>;

export const RawImportResult = z.object({ site: z.string(), index: z.number().int(), outcomes: z.array(RawImportOutcome) });
export type RawImportResult = z.infer<typeof RawImportResult>;

/** PUT /v1/keys/{keyId}/no-copy: marking is one-way (a key with state must never become copyable again). */
export const SetNoCopy = z.object({ noCopy: z.literal(true, { error: 'noCopy can only be set to true; a noCopy key cannot be made copyable again' }) });

/** GET /v1/keys/{keyId}/public-share: x_i·G of the share this node holds, for the site-wide check. */
export const PublicShare = z.object({ keyId: KeyId, index: z.number().int(), curve: Curve, publicKey: z.string(), publicShare: z.string() });
export type PublicShare = z.infer<typeof PublicShare>;

/** POST /v1/keys/public-shares: the public shares of many keys at once (a migrate's check of every target node). */
export const PublicSharesRequest = z.object({
  keyIds: z.array(KeyId).min(1, 'name at least one key ID').max(MAX_RAW_KEYS, `at most ${MAX_RAW_KEYS} key IDs per request`),
});
export const PublicSharesResult = z.object({
  index: z.number().int(),
  /** In the order asked, the keys this node holds. */
  shares: z.array(PublicShare),
  /** The key IDs asked for that this node does not hold. */
  missing: z.array(z.string()),
});
export type PublicSharesResult = z.infer<typeof PublicSharesResult>;

export const RAW_SET_FORMAT = 'keyferry-raw-set/1';

/** The console's one-file download: every node's record of every chosen key (the CLI writes one file per key per node instead). */
export const RawSetFile = z.object({
  format: z.literal(RAW_SET_FORMAT),
  site: z.string(),
  createdAt: z.string(),
  /** Read one by one (RawRecord), so one bad record is named alone. */
  records: z.array(z.unknown()),
});
export type RawSetFile = z.infer<typeof RawSetFile>;
