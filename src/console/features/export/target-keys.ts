// The wrapping keys an export wraps the shares under: one per node of the source site, in
// node-index order (wrapping key i is for node i, and for node i of the receiving site).
// From a connected site's nodes (their active keys), from keys the operator pastes, or one
// browser wrapping key for every node. Pure; no React.
import { fingerprint, spkiToBase64, parseWrappingKey } from '../../../crypto/public-key.ts';

export interface TargetKey {
  /** base64 DER SPKI, as the session parameters carry it. */
  spki: string;
  fingerprint: string;
  bits: number;
}

export type TargetKeys = { ok: true; keys: TargetKey[] } | { ok: false; errors: Array<{ field: string; message: string }> };

/** Parse pasted keys, one per node; every error names its field (e.g. "Wrapping key for node 2"). */
export function parsePastedKeys(texts: readonly string[]): TargetKeys {
  const errors: Array<{ field: string; message: string }> = [];
  const keys: TargetKey[] = [];
  texts.forEach((text, i) => {
    const field = pastedField(i + 1);
    if (text.trim() === '') {
      errors.push({ field, message: `${field}: paste the RSA public key (PEM or one-line base64) of node ${i + 1} of the receiving site.` });
      return;
    }
    try {
      const key = parseWrappingKey(text, field);
      keys.push({ spki: spkiToBase64(key.der), fingerprint: fingerprint(key.der), bits: key.bits });
    } catch (e) {
      errors.push({ field, message: (e as Error).message });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  return checkDistinct(keys);
}

export const pastedField = (index: number) => `Wrapping key for node ${index}`;

/** A connected site's active node keys, which must be one per source node. */
export function siteKeys(target: string, sourceNodes: number, answers: ReadonlyArray<{ index: number; spki: string; fingerprint: string; bits: number } | { index: number; error: string }>): TargetKeys {
  if (answers.length !== sourceNodes) {
    return { ok: false, errors: [{ field: 'site', message: `Site ${target} has ${answers.length} nodes, this site has ${sourceNodes}; node i's share goes to node i, so the sites must have as many nodes.` }] };
  }
  const sorted = [...answers].sort((a, b) => a.index - b.index);
  const errors = sorted.flatMap((a, i) => {
    if (a.index !== i + 1) return [{ field: 'site', message: `Site ${target} has no node ${i + 1}.` }];
    return 'error' in a ? [{ field: `node ${a.index}`, message: `Could not read the wrapping key of node ${a.index} of site ${target}: ${a.error}.` }] : [];
  });
  if (errors.length > 0) return { ok: false, errors };
  return checkDistinct(sorted.map((a) => ({ spki: (a as TargetKey).spki, fingerprint: (a as TargetKey).fingerprint, bits: (a as TargetKey).bits })));
}

/** One browser wrapping key (DER SPKI, or its base64) for every node: the browser holds every share. */
export function browserKeys(spki: Uint8Array | string, nodes: number): TargetKey[] {
  const key = parseWrappingKey(spki, 'browser wrapping key');
  return Array.from({ length: nodes }, () => ({ spki: spkiToBase64(key.der), fingerprint: fingerprint(key.der), bits: key.bits }));
}

function checkDistinct(keys: TargetKey[]): TargetKeys {
  const first = new Map<string, number>();
  const errors: Array<{ field: string; message: string }> = [];
  keys.forEach((k, i) => {
    const seen = first.get(k.fingerprint);
    if (seen !== undefined) {
      errors.push({ field: pastedField(i + 1), message: `${pastedField(i + 1)}: the same key as for node ${seen + 1}; one holder would get several shares.` });
    } else first.set(k.fingerprint, i);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, keys };
}
