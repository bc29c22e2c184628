// The domain vocabulary shared by console, CLI and node as zod schemas (DESIGN.md
// "Domain"): key IDs, curves, site shape, session kinds and states, and the uniform
// API error body. The node's request/response schemas build on these.
import { z } from 'zod';
import { CURVE_NAMES, KEY_ID_PATTERN, type CurveName } from '../crypto/names.ts';

export const KeyId = z.string().regex(KEY_ID_PATTERN, 'a key ID is 1–64 characters of A–Z, a–z, 0–9, "_" and "-"');
export const Curve = z.enum(CURVE_NAMES as readonly CurveName[] as [CurveName, ...CurveName[]]);

/** A site: n nodes with indices 1..n and threshold t, 1 ≤ t < n. */
export const SiteShape = z
  .object({ n: z.number().int().min(2).max(255), t: z.number().int().min(1) })
  .refine((s) => s.t < s.n, { message: 't must be less than n', path: ['t'] });

export const SessionKind = z.enum(['keygen', 'export', 'import']);
export const SessionState = z.enum(['waiting', 'agreed', 'running', 'done', 'failed']);

/** Why a session failed; `mismatch` comes with the differing field and the nodes on each side. */
export const SessionFailure = z.enum([
  'mismatch',
  'not-whitelisted',
  'export-disabled',
  'timeout',
  'peer-unreachable',
  'verification-failed',
  'key-exists',
  'key-not-found',
  'unwrap-failed',
  'invalid-parameters',
  'internal',
]);

/** Every API error: a stable code, one human sentence, and the offending field when there is one. */
export const ApiError = z.object({ code: z.string(), message: z.string(), field: z.string().optional() });
export type ApiError = z.infer<typeof ApiError>;
export type SessionState = z.infer<typeof SessionState>;
export type SessionKind = z.infer<typeof SessionKind>;
