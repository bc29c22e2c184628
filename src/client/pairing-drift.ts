// Fail-over pairing, the records (issue 11): what every node of both sites should record
// about the pairing — its role, the counterpart site and node, that node's current
// wrapping-key fingerprint, the direction — and how what it does record drifted from that:
// no record or other terms (`not-recorded`), the counterpart rotated its wrapping key while
// the whitelist still names the recorded one (`counterpart-rotated`), or the whitelist no
// longer says what the record does (`whitelist-changed`). Pure: pairing-state.ts reads the
// nodes and calls it; unit-tested on plain inputs.
import { WILDCARD } from '../protocol/export-whitelist.ts';
import { sameTerms, termsOf, type PairingDirection, type PairingRecord, type PairingRole, type PairingTerms } from '../protocol/pairing.ts';
import type { ExportConfigView } from './export-config.ts';

export type RecordProblemCode = 'not-recorded' | 'counterpart-rotated' | 'whitelist-changed';

export interface RecordProblem {
  node: number;
  site: string;
  code: RecordProblemCode;
  message: string;
}

/** One node's record as GET /v1/pairing answered it, beside the terms the pairing gives it. */
export interface NodeRecord {
  site: string;
  index: number;
  pairing: PairingRecord | null;
  version: number;
  /** The terms applying the pairing would record on this node now. */
  expected: PairingTerms;
  /** The record holds exactly `expected` (who and when aside): nothing to write. */
  matches: boolean;
}

export interface RecordCheck {
  record: NodeRecord;
  /**
   * This node's export configuration when the pairing governs its whitelist (every main
   * node; the fail-over nodes only both ways); undefined when it does not.
   */
  whitelist?: Pick<ExportConfigView, 'enableExport' | 'whitelist' | 'entries'> | undefined;
}

const short = (fp: string) => `${fp.slice(0, 16)}…`;

/** The terms of site `site`'s node `index` in the pairing, given its counterpart node's current fingerprint. */
export function expectedTerms(site: string, role: PairingRole, counterpartSite: string, index: number, counterpartFingerprint: string, direction: PairingDirection): PairingTerms {
  return { site, role, counterpartSite, counterpartIndex: index, counterpartFingerprint, direction };
}

/** A node's record beside what it should be. */
export function nodeRecord(site: string, index: number, view: { pairing: PairingRecord | null; version: number }, expected: PairingTerms): NodeRecord {
  return { site, index, pairing: view.pairing, version: view.version, expected, matches: view.pairing !== null && sameTerms(termsOf(view.pairing), expected) };
}

/** What of a record's terms (the fingerprint aside) differs from the expected ones, in words; empty when none. */
function otherTerms(record: PairingTerms, expected: PairingTerms): string[] {
  const out: string[] = [];
  if (record.role !== expected.role) out.push(`role ${record.role} (expected ${expected.role})`);
  if (record.site !== expected.site) out.push(`site ${record.site} (expected ${expected.site})`);
  if (record.counterpartSite !== expected.counterpartSite) out.push(`counterpart site ${record.counterpartSite} (expected ${expected.counterpartSite})`);
  if (record.counterpartIndex !== expected.counterpartIndex) out.push(`counterpart node ${record.counterpartIndex} (expected ${expected.counterpartIndex})`);
  if (record.direction !== expected.direction) out.push(`direction ${record.direction} (expected ${expected.direction})`);
  return out;
}

/** The problems of one node's record (none when it matches and its whitelist says the same). */
export function recordProblems({ record, whitelist }: RecordCheck): RecordProblem[] {
  const { site, index, pairing, expected } = record;
  const who = `${site} node ${index}`;
  const counterpart = `${expected.counterpartSite} node ${expected.counterpartIndex}`;
  const problem = (code: RecordProblemCode, message: string): RecordProblem => ({ node: index, site, code, message: `${who}: ${message}` });

  if (pairing === null) return [problem('not-recorded', `holds no pairing record (expected: ${expected.role}, paired with ${counterpart}, ${expected.direction}); apply the pairing to record it`)];
  const differs = otherTerms(pairing, expected);
  if (differs.length > 0) return [problem('not-recorded', `its pairing record names other terms: ${differs.join(', ')}; apply the pairing again to record these`)];

  const out: RecordProblem[] = [];
  const recorded = pairing.counterpartFingerprint;
  const current = expected.counterpartFingerprint;
  const rotated = recorded !== current;
  if (whitelist === undefined) {
    if (rotated) out.push(problem('counterpart-rotated', `${counterpart}'s wrapping key is now ${short(current)}, but this node's record still names ${short(recorded)}; apply the pairing again to record the new key`));
    return out;
  }
  const listed = whitelist.entries.flatMap((e) => (e.fingerprint === undefined ? [] : [e.fingerprint]));
  if (rotated && listed.includes(recorded)) {
    out.push(problem('counterpart-rotated', `${counterpart} rotated its wrapping key to ${short(current)}, but this node's record and whitelist still name the old key ${short(recorded)}; apply the pairing again to admit the new key`));
  }
  const changes: string[] = [];
  if (!whitelist.enableExport) changes.push('EnableExport is off');
  if (whitelist.whitelist.includes(WILDCARD)) changes.push('the whitelist is "*"');
  if (!listed.includes(recorded)) changes.push(`the whitelist no longer holds the recorded key ${short(recorded)}`);
  const others = listed.filter((fp) => fp !== recorded);
  if (others.length > 0) changes.push(`the whitelist holds ${others.length} other key(s) (${others.map(short).join(', ')})`);
  if (changes.length > 0) out.push(problem('whitelist-changed', `its whitelist no longer matches its pairing record with ${counterpart}: ${changes.join('; ')}`));
  return out;
}
