// Where a whitelisted key came from, when the console knows it: the wrapping key of a node
// of a connected site, or a wrapping key generated in this browser. Matched by fingerprint.
// Also the warnings an entry deserves. Pure; the hook that gathers the keys is use-known-keys.ts.
import { WILDCARD } from '../../../protocol/export-whitelist.ts';
import type { Entry } from './draft.ts';

/** A wrapping key the console can offer or name: a node's (active or earlier) or a browser key. */
export interface KnownKey {
  fingerprint: string;
  /** One-line base64 DER SPKI. */
  spki: string;
  bits: number;
  source: { kind: 'node'; site: string; index: number; status: 'active' | 'previous' | 'retired' } | { kind: 'browser'; label: string };
}

export const RECOMMENDED_RSA_BITS = 3072;

export function describeOrigin(key: KnownKey): string {
  const s = key.source;
  if (s.kind === 'browser') return `Browser wrapping key “${s.label}”`;
  const status = s.status === 'active' ? '' : ` (its ${s.status} wrapping key)`;
  return `Node ${s.index} of site ${s.site}${status}`;
}

export function originsByFingerprint(keys: readonly KnownKey[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const key of keys) map.set(key.fingerprint, [...(map.get(key.fingerprint) ?? []), describeOrigin(key)]);
  return map;
}

export function entryWarnings(entry: Entry): string[] {
  if (entry.key === WILDCARD) return ['Wildcard: this node wraps its share under any RSA key submitted with an export.'];
  if (entry.rsaBits !== undefined && entry.rsaBits < RECOMMENDED_RSA_BITS) {
    return [`RSA-${entry.rsaBits}: below the recommended ${RECOMMENDED_RSA_BITS} bits.`];
  }
  return [];
}
