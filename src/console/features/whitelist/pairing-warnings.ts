// What a whitelist entry means for a paired node (issue 11): in a fail-over pairing node i's
// whitelist admits exactly its counterpart — node i of the other site — so any other key
// is named for what it is: the counterpart's current key, its earlier one, another node's
// key of the counterpart site (a cross-index entry: node i's share would go to node j), the
// wildcard, or a key outside the pairing. The counterpart site's wrapping keys are used
// when it is connected in this console, else the fingerprint the node's record names.
// Pure; the page reads the record and the keys.
import { WILDCARD } from '../../../protocol/export-whitelist.ts';
import type { PairingRecord } from '../../../protocol/pairing.ts';
import type { KnownKey } from './origins.ts';

export interface NodePairing {
  /** The node being edited. */
  index: number;
  record: PairingRecord;
  /** Whether the counterpart site is connected here (then `knownKeys` holds its nodes' keys). */
  counterpartConnected: boolean;
}

export type PairingVerdictKind = 'counterpart' | 'counterpart-recorded' | 'counterpart-earlier' | 'cross-index' | 'wildcard' | 'not-counterpart';

export interface PairingVerdict {
  kind: PairingVerdictKind;
  /** True when the entry breaks the pairing. */
  warn: boolean;
  text: string;
}

/** "fail-over" or "main": the role of the counterpart site, as the words name its nodes. */
export const counterpartRole = (record: PairingRecord) => (record.role === 'main' ? 'fail-over' : 'main');

/** The pairing governs this node's whitelist: a main node, or a fail-over node paired both ways. */
export const governsWhitelist = (record: PairingRecord) => record.role === 'main' || record.direction === 'both-ways';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The verdict on one entry (`id`: a fingerprint, or "*") of node `pairing.index`'s
 * whitelist; undefined when the pairing has nothing to say about it (a fail-over node
 * paired one way has its own whitelist, and only a cross-index entry is named there).
 */
export function pairingVerdict(pairing: NodePairing, id: string, knownKeys: readonly KnownKey[]): PairingVerdict | undefined {
  const { index, record } = pairing;
  const site = record.counterpartSite;
  const role = counterpartRole(record);
  const governs = governsWhitelist(record);

  if (id === WILDCARD) {
    if (!governs) return undefined;
    return { kind: 'wildcard', warn: true, text: `The wildcard "*" breaks the pairing with ${site}: node ${index} would wrap its share under any key, not only under ${role} node ${index}'s.` };
  }

  const holders = pairing.counterpartConnected
    ? knownKeys.flatMap((k) => (k.fingerprint === id && k.source.kind === 'node' && k.source.site === site ? [k.source] : []))
    : [];
  const other = holders.find((h) => h.index !== index);
  if (other !== undefined) {
    return {
      kind: 'cross-index',
      warn: true,
      text: `${capitalise(role)} node ${other.index}'s key — a cross-index entry: node ${index}'s share would go to ${role} node ${other.index}. Not node ${index}'s counterpart on ${site}.`,
    };
  }
  if (!governs) return undefined;
  const own = holders.find((h) => h.index === index);
  if (own?.status === 'active') return { kind: 'counterpart', warn: false, text: `Node ${index}'s counterpart on ${site}: ${role} node ${index}'s current wrapping key.` };
  if (own !== undefined) {
    return { kind: 'counterpart-earlier', warn: true, text: `${capitalise(role)} node ${index}'s earlier wrapping key, not its current one: no longer node ${index}'s counterpart on ${site}.` };
  }
  if (!pairing.counterpartConnected && id === record.counterpartFingerprint) {
    return {
      kind: 'counterpart-recorded',
      warn: false,
      text: `The key node ${index}'s pairing record names for its counterpart on ${site} (${site} is not connected here, so whether it is still current is not checked).`,
    };
  }
  const admitted = pairing.counterpartConnected ? `${role} node ${index}'s key` : `${role} node ${index}'s key (recorded fingerprint ${record.counterpartFingerprint.slice(0, 16)}…)`;
  return { kind: 'not-counterpart', warn: true, text: `Not node ${index}'s counterpart on ${site}: the pairing admits only ${admitted}.` };
}
