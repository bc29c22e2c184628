// Fail-over pairing, the keys (issue 11): which keys of the main site the fail-over site
// still lacks, which both hold with the same public key, and which key IDs the two sites
// use for different keys — a conflict that must be shown, never overwritten. A key counts
// as on a site only when every node of it holds it; a key some nodes hold and others not
// is named on its own (half-stored, for the operator to look at). Pure: the state comes
// from the nodes each time, so a sync that was interrupted is simply planned again.
import type { NodeKey } from './keys.ts';

export interface SiteKeys {
  /** Each node's key list (GET /v1/keys), one per node of the site. */
  nodes: ReadonlyArray<{ index: number; keys: readonly NodeKey[] }>;
}

export interface KeyConflict {
  keyId: string;
  /** The distinct public keys (base64 DER SPKI) main's nodes hold under this ID ([] when none). */
  main: string[];
  failover: string[];
}

export interface KeySync {
  /** On every main node and on no fail-over node: what a sync copies, by key ID. */
  missing: NodeKey[];
  /** On every node of both sites with one public key. */
  same: string[];
  /** The same key ID with different public keys (on either site, or between them). */
  conflicts: KeyConflict[];
  /** Held by some nodes of a site and not others: `site` names where. */
  partial: Array<{ keyId: string; site: 'main' | 'failover'; on: number[]; missingOn: number[] }>;
}

interface Held {
  /** Public key (base64 DER SPKI) → the node indices holding it under this ID. */
  byPublicKey: Map<string, number[]>;
  summary: NodeKey;
}

function held(site: SiteKeys): Map<string, Held> {
  const out = new Map<string, Held>();
  for (const node of site.nodes) {
    for (const key of node.keys) {
      const entry = out.get(key.keyId) ?? { byPublicKey: new Map<string, number[]>(), summary: key };
      entry.byPublicKey.set(key.publicKey, [...(entry.byPublicKey.get(key.publicKey) ?? []), node.index]);
      out.set(key.keyId, entry);
    }
  }
  return out;
}

export function compareSiteKeys(main: SiteKeys, failover: SiteKeys): KeySync {
  const sync: KeySync = { missing: [], same: [], conflicts: [], partial: [] };
  const onMain = held(main);
  const onFailover = held(failover);
  const ids = [...new Set([...onMain.keys(), ...onFailover.keys()])].sort();
  for (const keyId of ids) {
    const m = onMain.get(keyId);
    const f = onFailover.get(keyId);
    const publicKeys = new Set([...(m?.byPublicKey.keys() ?? []), ...(f?.byPublicKey.keys() ?? [])]);
    if (publicKeys.size > 1) {
      sync.conflicts.push({ keyId, main: [...(m?.byPublicKey.keys() ?? [])], failover: [...(f?.byPublicKey.keys() ?? [])] });
      continue;
    }
    const mainComplete = m !== undefined && whole(m, main);
    const failoverComplete = f !== undefined && whole(f, failover);
    if (m !== undefined && !mainComplete) sync.partial.push(partial(keyId, 'main', m, main));
    if (f !== undefined && !failoverComplete) sync.partial.push(partial(keyId, 'failover', f, failover));
    if (mainComplete && failoverComplete) sync.same.push(keyId);
    else if (mainComplete && f === undefined) sync.missing.push(m.summary);
  }
  return sync;
}

const nodesOf = (h: Held) => [...h.byPublicKey.values()].flat();
const whole = (h: Held, site: SiteKeys) => site.nodes.every((n) => nodesOf(h).includes(n.index));

function partial(keyId: string, name: 'main' | 'failover', h: Held, site: SiteKeys) {
  const on = nodesOf(h).sort((a, b) => a - b);
  return { keyId, site: name, on, missingOn: site.nodes.map((n) => n.index).filter((i) => !on.includes(i)) };
}
