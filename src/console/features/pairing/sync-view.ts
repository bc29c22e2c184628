// The wizard's key sync in words: what each site holds (missing on fail-over, on both with
// the same public key, conflicts that are shown and never overwritten, half-held keys),
// the running copy's progress with rate and time left, and each key's outcome with the
// node and why when it failed. Everything is read from the nodes again on every visit, so
// after a reload only what is still missing is offered.
import type { KeySync } from '../../../client/key-sync.ts';
import type { KeyCopy, SyncProgress } from '../../../client/pair-transfer.ts';

export interface SyncOverview {
  missing: Array<{ keyId: string; curve: string }>;
  same: string[];
  conflicts: Array<{ keyId: string; text: string }>;
  halfHeld: Array<{ keyId: string; text: string }>;
  summary: string;
}

const tail = (publicKey: string) => `…${publicKey.slice(-16)}`;

export function syncOverview(keys: KeySync, main: string, failover: string): SyncOverview {
  const conflicts = keys.conflicts.map((c) => ({
    keyId: c.keyId,
    text: `Key ID ${c.keyId} names another key on ${failover} (${c.failover.map(tail).join(', ') || 'none'}) than on ${main} (${c.main.map(tail).join(', ') || 'none'}). It is never overwritten: resolve it by hand.`,
  }));
  const halfHeld = keys.partial.map((h) => {
    const site = h.site === 'main' ? main : failover;
    return { keyId: h.keyId, text: `Key ${h.keyId} is on ${site} nodes ${h.on.join(', ')} but not on node${h.missingOn.length === 1 ? '' : 's'} ${h.missingOn.join(', ')}: it cannot be copied until every node of ${site} holds it.` };
  });
  const missing = keys.missing.map((k) => ({ keyId: k.keyId, curve: k.curve }));
  const summary =
    missing.length === 0
      ? `Every key of ${main} is on ${failover}${conflicts.length > 0 ? `, except ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}` : ''}.`
      : `${missing.length} key${missing.length === 1 ? '' : 's'} of ${main} ${missing.length === 1 ? 'is' : 'are'} not on ${failover} yet.`;
  return { missing, same: keys.same, conflicts, halfHeld, summary };
}

/** "2 of 5 keys done (2 copied) — 0.4 keys/s, about 8 s left; copying k3". */
export function progressText(p: SyncProgress): string {
  const counts = [`${p.copied} copied`, p.skipped > 0 ? `${p.skipped} already there` : '', p.conflicts > 0 ? `${p.conflicts} conflict${p.conflicts === 1 ? '' : 's'}` : '', p.failed > 0 ? `${p.failed} failed` : '']
    .filter(Boolean)
    .join(', ');
  const left = p.secondsLeft === undefined ? 'time left not known yet' : p.done >= p.total ? 'done' : `about ${formatSeconds(p.secondsLeft)} left`;
  const now = p.current === undefined ? '' : `; copying ${p.current}`;
  return `${p.done} of ${p.total} keys done (${counts}) — ${p.keysPerSecond.toFixed(2)} keys/s, ${left}${now}`;
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${Math.max(0, Math.round(s))} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export const COPY_LABEL: Record<KeyCopy['outcome'], string> = { copied: 'Copied', skipped: 'Already there', conflict: 'Conflict', failed: 'Failed' };

/** One key's outcome: for a failure the key, the node and why. */
export function copyText(c: KeyCopy): string {
  if (c.outcome === 'copied') return `${c.keyId}: copied in ${c.ms} ms; same public key on every node of both sites.`;
  if (c.outcome === 'skipped') return `${c.keyId}: already on both sites with the same public key.`;
  const f = c.failure;
  if (f === undefined) return `${c.keyId}: ${c.outcome}.`;
  const where = f.node === null ? (f.site === null ? '' : ` (site ${f.site})`) : ` (${f.site ?? 'site'} node ${f.node})`;
  return `${c.keyId}${where}: ${f.message}`;
}

/** The selection after "select all" / "select none" / one checkbox, limited to keys still missing. */
export function selectKeys(selected: ReadonlySet<string>, missing: ReadonlyArray<{ keyId: string }>, change: { all: boolean } | { keyId: string; on: boolean }): Set<string> {
  const ids = missing.map((m) => m.keyId);
  if ('all' in change) return new Set(change.all ? ids : []);
  const next = new Set([...selected].filter((id) => ids.includes(id)));
  if (change.on) next.add(change.keyId);
  else next.delete(change.keyId);
  return next;
}
