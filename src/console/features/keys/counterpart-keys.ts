// For a paired site's keys list (issue 11): whether each key is also on the counterpart
// site with the same public key — held by every counterpart node (same), by none (missing),
// by some only (half-held), or under another public key (conflict: never overwritten) —
// or unknown while a counterpart node could not be read. The same rules as the client's
// key comparison (src/client/key-sync.ts), per key of this site. Pure; no React.
import type { NodeKeys, SiteKey } from './site-keys.ts';

export type CounterpartState = 'same' | 'missing' | 'half-held' | 'conflict' | 'unknown';

export interface CounterpartStatus {
  state: CounterpartState;
  /** Short words for the cell, e.g. "Same public key", "Half-held: nodes 1, 2 of 3". */
  text: string;
}

const nodes = (xs: readonly number[]) => `${xs.length === 1 ? 'node' : 'nodes'} ${xs.join(', ')}`;

/** Each key of this site (by key ID) against the counterpart site's nodes' answers. */
export function counterpartStatuses(keys: readonly SiteKey[], counterpart: readonly NodeKeys[]): Map<string, CounterpartStatus> {
  const failed = counterpart.filter((a) => 'error' in a).map((a) => a.index);
  const out = new Map<string, CounterpartStatus>();
  for (const key of keys) {
    const holders = counterpart.flatMap((a) => ('keys' in a ? a.keys.filter((k) => k.keyId === key.keyId).map((k) => ({ index: a.index, publicKey: k.publicKey })) : []));
    const others = holders.filter((h) => h.publicKey !== key.publicKey).map((h) => h.index);
    const lacking = counterpart.filter((a) => 'keys' in a && !holders.some((h) => h.index === a.index)).map((a) => a.index);
    let status: CounterpartStatus;
    if (others.length > 0) status = { state: 'conflict', text: `Conflict: another public key under this ID on ${nodes(others)}` };
    else if (holders.length === 0) status = failed.length === 0 ? { state: 'missing', text: 'Missing' } : { state: 'unknown', text: `Unknown: ${nodes(failed)} could not be read` };
    else if (lacking.length > 0) status = { state: 'half-held', text: `Half-held: on ${nodes(holders.map((h) => h.index))}, not ${nodes(lacking)}` };
    else if (failed.length > 0) status = { state: 'unknown', text: `Unknown: ${nodes(failed)} could not be read` };
    else status = { state: 'same', text: 'Same public key' };
    out.set(key.keyId, status);
  }
  return out;
}
