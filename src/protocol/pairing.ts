// The fail-over pairing as every node of both sites records it (issue 11): which site this
// node belongs to in the pairing, its role, the counterpart site and node, the
// counterpart's wrapping-key fingerprint when paired, and the direction — with who paired
// it and when. The node stores and versions it (GET/PUT /v1/pairing) and renders it as
// the config file's [Pairing] section, so drift is visible from any console or terminal
// without the browser that made the pairing.
import { z } from 'zod';

export const PairingRole = z.enum(['main', 'failover']);
export type PairingRole = z.infer<typeof PairingRole>;

/** one-way: main → fail-over only; both-ways: fail-back too (fail-over node i also admits main node i's key). */
export const PairingDirection = z.enum(['one-way', 'both-ways']);
export type PairingDirection = z.infer<typeof PairingDirection>;

export const FINGERPRINT_PATTERN = /^[0-9a-f]{64}$/;

/** What a pairing says about one node: what the operator sets with PUT /v1/pairing. */
export const PairingTerms = z.object({
  site: z.string().min(1).max(64).describe("this node's site, as the pairing named it"),
  role: PairingRole,
  counterpartSite: z.string().min(1).max(64),
  counterpartIndex: z.number().int().min(1).describe("the counterpart node's index: always this node's own index"),
  counterpartFingerprint: z
    .string()
    .regex(FINGERPRINT_PATTERN, 'expected the counterpart wrapping key\'s fingerprint: 64 lowercase hex digits (SHA-256 of its DER SPKI)')
    .describe("the counterpart node's wrapping-key fingerprint when paired"),
  direction: PairingDirection,
});
export type PairingTerms = z.infer<typeof PairingTerms>;

/** The terms as the node stored them, with who set them (the token's name) and when (ISO 8601). */
export const PairingRecord = PairingTerms.extend({ pairedBy: z.string(), pairedAt: z.string() });
export type PairingRecord = z.infer<typeof PairingRecord>;

/** GET /v1/pairing: the record (null: not paired) and its version (0: never set). */
export const Pairing = z.object({
  version: z.number().int().min(0),
  pairing: PairingRecord.nullable(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});
export type Pairing = z.infer<typeof Pairing>;

/** PUT /v1/pairing: the terms (null = unpair) and the version the change is based on. */
export const PutPairing = z.object({
  version: z.number().int().min(0).describe('the version this change was based on; a stale version gets 409'),
  pairing: PairingTerms.nullable().describe('null unpairs'),
});
export type PutPairing = z.infer<typeof PutPairing>;

/**
 * The request shape the route table checks (400 when it does not fit): the types only.
 * The node then checks the values with PutPairing and answers 422 naming the field.
 */
export const PutPairingRequest = z.object({
  version: z.number().int(),
  pairing: z
    .object({
      site: z.string().max(256),
      role: z.string().max(64),
      counterpartSite: z.string().max(256),
      counterpartIndex: z.number(),
      counterpartFingerprint: z.string().max(256),
      direction: z.string().max(64),
    })
    .nullable(),
});

/** The event a node emits when its record changed: the new version and record, and who changed it. */
export const PairingChanged = z.object({ version: z.number().int(), pairing: PairingRecord.nullable(), by: z.string() });

/** Whether two sets of terms say the same (pairedBy / pairedAt aside). */
export function sameTerms(a: PairingTerms, b: PairingTerms): boolean {
  return (
    a.site === b.site &&
    a.role === b.role &&
    a.counterpartSite === b.counterpartSite &&
    a.counterpartIndex === b.counterpartIndex &&
    a.counterpartFingerprint === b.counterpartFingerprint &&
    a.direction === b.direction
  );
}

/** Only the terms of a record (what PUT /v1/pairing takes back). */
export const termsOf = (r: PairingTerms): PairingTerms => ({
  site: r.site,
  role: r.role,
  counterpartSite: r.counterpartSite,
  counterpartIndex: r.counterpartIndex,
  counterpartFingerprint: r.counterpartFingerprint,
  direction: r.direction,
});

/** A TOML basic string: quotes, backslashes and control characters escaped (TOML 1.0 "Basic strings"). */
export function tomlString(value: string): string {
  const named: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (named[ch] !== undefined) out += named[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** The [Pairing] section as a node config file would hold it, keys cased like [Player]'s. */
export function renderPairingToml(record: PairingRecord): string {
  return [
    '[Pairing]',
    `Role = ${tomlString(record.role)}`,
    `Site = ${tomlString(record.site)}`,
    `CounterpartSite = ${tomlString(record.counterpartSite)}`,
    `CounterpartIndex = ${record.counterpartIndex}`,
    `CounterpartFingerprint = ${tomlString(record.counterpartFingerprint)}`,
    `Direction = ${tomlString(record.direction)}`,
    `PairedBy = ${tomlString(record.pairedBy)}`,
    `PairedAt = ${tomlString(record.pairedAt)}`,
    '',
  ].join('\n');
}
