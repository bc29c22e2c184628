// The domain vocabulary shared by console, CLI and node as zod schemas (DESIGN.md
// "Domain"): key IDs, curves, session kinds, states and failure reasons. The node's
// request/response schemas (api.ts, session.ts) build on these.
import { z } from 'zod';
import { CURVE_NAMES, KEY_ID_PATTERN, type CurveName } from '../crypto/names.ts';

export const KeyId = z.string().regex(KEY_ID_PATTERN, 'a key ID is 1–64 characters of A–Z, a–z, 0–9, "_" and "-"');
export const Curve = z.enum(CURVE_NAMES as readonly CurveName[] as [CurveName, ...CurveName[]]);

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

export type SessionState = z.infer<typeof SessionState>;
export type SessionKind = z.infer<typeof SessionKind>;
