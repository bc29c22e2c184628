// The keys of a site as the operator sees them: each node's GET /v1/keys answer (or its
// failure), merged by key ID. A key a node lacks, or nodes disagreeing on a key's curve or
// public key, is a warning: such a key cannot be exported (every node must hold a share).
// Pure; no React.
import { fromBase64 } from '../../../crypto/bytes.ts';
import { fingerprint } from '../../../crypto/public-key.ts';
import type { NodeKey } from '../../../client/keys.ts';

/** One node's answer: its keys, or why it could not be read. */
export type NodeKeys = { index: number; keys: NodeKey[] } | { index: number; error: string };

export interface SiteKey {
  keyId: string;
  curve: NodeKey['curve'];
  /** base64 DER SPKI, as the nodes report it. */
  publicKey: string;
  /** Lowercase hex SHA-256 of the DER SPKI. */
  fingerprint: string;
  chainCode: boolean;
  /** The earliest createdAt any node reports (ISO 8601). */
  createdAt: string;
  origin: string;
  /** Nodes that hold a share, ascending. */
  presentOn: number[];
  /** Nodes that were read and do not hold it. */
  missingOn: number[];
  /** Nodes that could not be read: unknown whether they hold it. */
  unknownOn: number[];
  /** Sentences for the operator; empty when the key is on every node and the nodes agree. */
  warnings: string[];
}

export function keyFingerprint(publicKeyBase64: string): string {
  try {
    return fingerprint(fromBase64(publicKeyBase64, 'publicKey'));
  } catch {
    return '';
  }
}

const list = (xs: readonly number[]) => (xs.length === 1 ? `node ${xs[0]}` : `nodes ${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** Merge every node's keys by key ID, sorted by key ID. */
export function mergeSiteKeys(answers: readonly NodeKeys[]): SiteKey[] {
  const read = answers.filter((a): a is Extract<NodeKeys, { keys: NodeKey[] }> => 'keys' in a).map((a) => a.index);
  const failed = answers.filter((a) => 'error' in a).map((a) => a.index).sort((a, b) => a - b);
  const byId = new Map<string, Array<{ index: number; key: NodeKey }>>();
  for (const answer of answers) {
    if (!('keys' in answer)) continue;
    for (const key of answer.keys) {
      const held = byId.get(key.keyId) ?? [];
      held.push({ index: answer.index, key });
      byId.set(key.keyId, held);
    }
  }
  const out: SiteKey[] = [];
  for (const [keyId, held] of byId) {
    held.sort((a, b) => a.index - b.index);
    const first = held[0]!.key;
    const presentOn = held.map((h) => h.index);
    const missingOn = read.filter((i) => !presentOn.includes(i)).sort((a, b) => a - b);
    const warnings: string[] = [];
    if (missingOn.length > 0) warnings.push(`Not on ${list(missingOn)}: this key cannot be exported until every node holds its share.`);
    if (failed.length > 0) warnings.push(`Unknown on ${list(failed)}: ${failed.length === 1 ? 'that node' : 'those nodes'} could not be read.`);
    for (const field of ['curve', 'publicKey'] as const) {
      const odd = held.filter((h) => h.key[field] !== first[field]).map((h) => h.index);
      if (odd.length > 0) {
        warnings.push(`The nodes disagree on the ${field === 'curve' ? 'curve' : 'public key'}: ${list(odd)} differ from node ${held[0]!.index}. Do not use this key.`);
      }
    }
    out.push({
      keyId,
      curve: first.curve,
      publicKey: first.publicKey,
      fingerprint: keyFingerprint(first.publicKey),
      chainCode: first.chainCode,
      createdAt: held.map((h) => h.key.createdAt).sort()[0]!,
      origin: first.origin,
      presentOn,
      missingOn,
      unknownOn: failed,
      warnings,
    });
  }
  return out.sort((a, b) => a.keyId.localeCompare(b.keyId));
}

/** A key can be exported when every node was read, holds it, and they agree. */
export function exportable(key: SiteKey): boolean {
  return key.warnings.length === 0;
}

/** "keygen session Wq3…" → what made the key and the session ID, so the table can shorten the ID. */
export function originParts(origin: string): { what: string; sessionId?: string } {
  const m = /^(.*\bsession) ([A-Za-z0-9_-]{16,64})$/.exec(origin);
  return m ? { what: m[1]!, sessionId: m[2]! } : { what: origin };
}
