// Exporting a key from a site, shared by the console's export page and `keyferry session
// export`: the join request (one wrapping key per node, in index order, no key twice),
// and turning the nodes' done views into a keyferry-bundle/1 — every node's `result.share`
// is its entry. Before a bundle is offered the nodes must agree on the key, each share
// must be for its own node's index and wrapped under the key given for that index, and
// the result must be the key the operator asked for. Pure. (The import side is
// import-plan.ts.)
import { BUNDLE_FORMAT, validateBundle, type Bundle } from '../crypto/bundle.ts';
import type { JoinSession, SessionView } from '../protocol/session.ts';
import { agreedResult, ResultError } from './session-result.ts';

export interface ExportTarget {
  /** Base64 DER SPKI of the RSA wrapping key for this node. */
  spki: string;
  /** Its fingerprint (lowercase hex SHA-256 of the DER SPKI). */
  fingerprint: string;
}

/** Why these wrapping keys (node i's at [i - 1]) cannot be used for an export, or undefined. */
export function exportTargetsProblem(targets: readonly ExportTarget[], nodeCount: number): string | undefined {
  if (targets.length !== nodeCount) return `the site has ${nodeCount} nodes; give one wrapping key per node in index order, got ${targets.length}`;
  const seen = new Map<string, number>();
  for (const [i, t] of targets.entries()) {
    const first = seen.get(t.fingerprint);
    if (first !== undefined) return `the wrapping keys for node ${first + 1} and node ${i + 1} are the same key; one holder would get several shares`;
    seen.set(t.fingerprint, i);
  }
  return undefined;
}

/** The join request every node of the site gets (the same for all). */
export function exportJoinRequest(sessionId: string, keyId: string, targets: readonly ExportTarget[], options: { timeoutMs?: number } = {}): JoinSession {
  return {
    sessionId,
    kind: 'export',
    parameters: { keyId, wrappingKeys: targets.map((t) => t.spki) },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
}

export interface AssembleInput {
  /** Every node's final view, one per node of the site. */
  views: readonly SessionView[];
  /** Fingerprint of the wrapping key for node i at [i - 1]. */
  fingerprints: readonly string[];
  /** What the operator exported: the key's ID, and its public key (base64 DER SPKI) when the caller read it first. */
  expected: { keyId: string; publicKey?: string };
}

/** The nodes' done views as a bundle; throws ResultError naming the node and what is wrong. */
export function assembleBundle({ views, fingerprints, expected }: AssembleInput): Bundle {
  const r0 = agreedResult(views);
  if (r0.keyId !== expected.keyId) throw new ResultError(`The nodes exported key ${r0.keyId}, not ${expected.keyId}.`);
  if (expected.publicKey !== undefined && r0.publicKey !== expected.publicKey) {
    throw new ResultError(`The nodes exported a key whose public key differs from key ${expected.keyId}'s; do not use this export.`);
  }
  if (views.length !== fingerprints.length) throw new ResultError(`Expected ${fingerprints.length} shares, got ${views.length}.`);
  const shares = [...views]
    .sort((a, b) => a.node - b.node)
    .map((view) => {
      const share = view.result!.share;
      if (share === undefined) throw new ResultError(`Node ${view.node} reports done without its wrapped share.`);
      if (share.index !== view.node) throw new ResultError(`Node ${view.node} returned a share for index ${share.index}.`);
      const want = fingerprints[view.node - 1];
      if (share.wrappingKeyFingerprint !== want) {
        throw new ResultError(
          `Node ${view.node} wrapped its share for ${share.wrappingKeyFingerprint.slice(0, 16)}…, not for the wrapping key given for node ${view.node} (${String(want).slice(0, 16)}…).`,
        );
      }
      return share;
    });
  try {
    return validateBundle({ format: BUNDLE_FORMAT, curve: r0.curve, threshold: r0.threshold, publicKey: r0.publicKey, keyId: r0.keyId, shares }, 'bundle');
  } catch (e) {
    throw new ResultError(`The nodes' shares do not form a valid bundle: ${(e as Error).message}`);
  }
}
