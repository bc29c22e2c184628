// The cockpit's filters (site, kind, state, key ID) as URL search params: validated so a
// bad or hand-edited URL falls back to "all" instead of failing, and applied to the
// merged sessions.
import { z } from 'zod';
import { SessionKind, SessionState } from '../../../protocol/domain.ts';
import type { MergedSession } from './merge.ts';

const Text = z
  .string()
  .trim()
  .max(64)
  .transform((s) => (s === '' ? undefined : s))
  .optional()
  .catch(undefined);

/** Every field optional; a missing or bad value means "all". */
export const SessionFilters = z.object({
  site: Text,
  kind: SessionKind.optional().catch(undefined),
  state: SessionState.optional().catch(undefined),
  key: Text,
});
export type SessionFilters = z.infer<typeof SessionFilters>;

/** For validateSearch: never throws; drops empty fields so the URL stays short. */
export function parseSessionFilters(search: Record<string, unknown>): SessionFilters {
  const parsed = SessionFilters.safeParse(typeof search === 'object' && search !== null ? search : {});
  const f = parsed.success ? parsed.data : {};
  const out: SessionFilters = {};
  if (f.site !== undefined) out.site = f.site;
  if (f.kind !== undefined) out.kind = f.kind;
  if (f.state !== undefined) out.state = f.state;
  if (f.key !== undefined) out.key = f.key;
  return out;
}

/** Site, kind and state match exactly; the key ID filter matches any part of it, ignoring case. */
export function filterSessions(sessions: readonly MergedSession[], f: SessionFilters): MergedSession[] {
  const key = f.key?.toLowerCase();
  return sessions.filter(
    (s) =>
      (f.site === undefined || s.site === f.site) &&
      (f.kind === undefined || s.kind === f.kind) &&
      (f.state === undefined || s.state === f.state) &&
      (key === undefined || (s.keyId ?? '').toLowerCase().includes(key)),
  );
}

export const hasFilters = (f: SessionFilters) => f.site !== undefined || f.kind !== undefined || f.state !== undefined || f.key !== undefined;
