// Sessions: what the SDK side (console, CLI) sends to join a session on a node, what a
// node reports back, and the events it emits. See docs/protocol.md for the state machine.
import { z } from 'zod';
import { Curve, KeyId, SessionFailure, SessionKind, SessionState } from './domain.ts';

/** How long a node waits for every node to join when the request names no timeoutMs. */
export const DEFAULT_JOIN_TIMEOUT_MS = 10_000;
/** The time a node gives the rounds after agreement, before the session fails with timeout. */
export const RUN_TIMEOUT_MS = 30_000;
/** The range a join request's timeoutMs may take. */
export const JOIN_TIMEOUT_RANGE_MS = { min: 1000, max: 600_000 } as const;
/** The most keys one batch session carries (export or import). */
export const MAX_BATCH_KEYS = 1000;
/** Time a batch session's rounds get per key, on top of RUN_TIMEOUT_MS: its timeouts scale with the batch. */
export const RUN_TIMEOUT_MS_PER_KEY = 60;
/** The largest join request or peer message a node accepts (a batch of MAX_BATCH_KEYS with chain codes is about 1.3 MB). */
export const SESSION_BODY_LIMIT = 8 * 1024 * 1024;

/** The longest a node holds a session read waiting for a change (GET /v1/sessions/{id}?since=…&waitMs=…). */
export const MAX_SESSION_WAIT_MS = 10_000;

/** The time a node gives a session's rounds after agreement: RUN_TIMEOUT_MS, plus RUN_TIMEOUT_MS_PER_KEY per key of a batch. */
export function runTimeoutMs(keys = 1): number {
  return RUN_TIMEOUT_MS + (keys > 1 ? keys * RUN_TIMEOUT_MS_PER_KEY : 0);
}

const JoinTimeoutMs = z.number().int().min(JOIN_TIMEOUT_RANGE_MS.min).max(JOIN_TIMEOUT_RANGE_MS.max).optional();

/** Random and URL-safe: 16–64 characters of base64url. */
export const SessionId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'a session ID is 16–64 characters of A–Z, a–z, 0–9, "_" and "-"');

const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64').max(16384);

export const KeygenParameters = z.object({
  keyId: KeyId.optional(),
  curve: Curve,
  /** Derive a BIP32 chain code jointly (every node contributes randomness). */
  chainCode: z.boolean().optional(),
}).strict();

export const ExportParameters = z.object({
  keyId: KeyId,
  /** One RSA wrapping key per node, in index order (base64 DER SPKI). */
  wrappingKeys: z.array(Base64).min(2).max(255),
}).strict();

export const ImportShare = z.object({
  /** This node's share, RSA-OAEP-SHA256 under this node's wrapping key (a bundle share). */
  wrappedShare: Base64,
  wrappedChainCode: Base64.optional(),
  /** Which of this node's wrapping keys it was wrapped for; default: the active one. */
  wrappingKeyFingerprint: z.string().regex(/^[0-9a-f]{64}$/).optional(),
}).strict();

export const ImportParameters = z.object({
  keyId: KeyId.optional(),
  curve: Curve,
  threshold: z.number().int().min(1).max(254),
  /** base64 DER SPKI of the key being imported. */
  publicKey: Base64,
  share: ImportShare,
}).strict();

/**
 * A batch import: many keys in one session. Every node is given the same list in the same
 * order (each with this node's own wrapped share); they agree on the list's digest.
 */
export const ImportBatchParameters = z.object({
  keys: z.array(ImportParameters.extend({ keyId: KeyId })).min(1).max(MAX_BATCH_KEYS),
}).strict();

/** A batch export: many keys, every share wrapped under the same per-node wrapping keys. */
export const ExportBatchParameters = z.object({
  keyIds: z.array(KeyId).min(1).max(MAX_BATCH_KEYS),
  wrappingKeys: ExportParameters.shape.wrappingKeys,
}).strict();

export const JoinSession = z.discriminatedUnion('kind', [
  z.object({ sessionId: SessionId, kind: z.literal('keygen'), parameters: KeygenParameters, timeoutMs: JoinTimeoutMs }).strict(),
  z.object({ sessionId: SessionId, kind: z.literal('export'), parameters: z.union([ExportParameters, ExportBatchParameters]), timeoutMs: JoinTimeoutMs }).strict(),
  z.object({ sessionId: SessionId, kind: z.literal('import'), parameters: z.union([ImportParameters, ImportBatchParameters]), timeoutMs: JoinTimeoutMs }).strict(),
]);
export type JoinSession = z.infer<typeof JoinSession>;

export const MismatchSide = z.object({ value: z.unknown(), nodes: z.array(z.number().int()) });

export const SessionFailureInfo = z.object({
  reason: SessionFailure,
  message: z.string(),
  /** The node that failed or refused, when one did. */
  node: z.number().int().optional(),
  /** For mismatch: the differing field and which nodes hold which value. */
  field: z.string().optional(),
  sides: z.array(MismatchSide).optional(),
});

export const ExportedShare = z.object({
  index: z.number().int(),
  wrappingKeyFingerprint: z.string(),
  algorithm: z.literal('RSA-OAEP-SHA256'),
  wrappedShare: z.string(),
  wrappedChainCode: z.string().optional(),
});

export const SessionResult = z.object({
  keyId: KeyId,
  curve: Curve,
  threshold: z.number().int(),
  publicKey: z.string(),
  /** export: this node's entry of the keyferry-bundle/1. */
  share: ExportedShare.optional(),
  /** import: the key ID existed with the same public key, nothing was stored again. */
  alreadyPresent: z.boolean().optional(),
});

/** One key of a batch session, as one node saw it. */
export const BatchKeyOutcome = z.object({
  keyId: KeyId,
  status: z.enum(['done', 'already-present', 'failed']),
  curve: Curve.optional(),
  publicKey: z.string().optional(),
  /** export: this node's entry of the key's keyferry-bundle/1. */
  share: ExportedShare.optional(),
  failure: SessionFailureInfo.optional(),
});
export type BatchKeyOutcome = z.infer<typeof BatchKeyOutcome>;

export const SessionView = z.object({
  sessionId: SessionId,
  kind: SessionKind,
  state: SessionState,
  node: z.number().int(),
  site: z.string(),
  /** The agreed parameters as this node joined with them (import: without the wrapped share). */
  parameters: z.record(z.string(), z.unknown()),
  parametersHash: z.string(),
  /** Peers whose join this node has seen. */
  joined: z.array(z.number().int()),
  createdAt: z.string(),
  updatedAt: z.string(),
  joinDeadline: z.string(),
  deadline: z.string(),
  history: z.array(z.object({ state: SessionState, at: z.string() })),
  failure: SessionFailureInfo.optional(),
  result: SessionResult.optional(),
  /** A batch session: how many keys it carries, and (once it ran) every key's outcome on this node. */
  batch: z.object({
    keys: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    /** Left out of session lists (GET /v1/sessions): read one session for them. */
    outcomes: z.array(BatchKeyOutcome).optional(),
  }).optional(),
});
export type SessionView = z.infer<typeof SessionView>;

export const SessionList = z.object({ sessions: z.array(SessionView) });

/** A signed message between nodes of one site (docs/protocol.md "Peer messages"). */
export const PeerEnvelope = z.object({
  v: z.literal(1),
  session: SessionId,
  kind: SessionKind,
  from: z.number().int().min(1).max(255),
  to: z.number().int().min(1).max(255),
  round: z.string().regex(/^[a-z-]{1,32}$/),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  /** JSON text of the body (public rounds) … */
  body: z.string().max(SESSION_BODY_LIMIT).optional(),
  /** … or base64 of nonce ‖ XChaCha20-Poly1305 ciphertext of it (rounds carrying sub-shares). */
  sealed: z.string().max(SESSION_BODY_LIMIT).optional(),
  /** base64 Ed25519 signature by the sender's identity key over the canonical header and payload. */
  sig: z.string(),
}).strict();
export type PeerEnvelope = z.infer<typeof PeerEnvelope>;
