// Export session → keyferry-bundle/1: every node's `result.share` is its entry of the
// bundle. Before a bundle is offered the nodes must agree on the key (key ID, curve,
// threshold, public key), each share must be for its own node's index and wrapped under
// the key given for that index, and the result must be the key the operator asked for —
// the same checks as `keyferry session export` (src/cli/commands/session.ts). Pure.
import { BUNDLE_FORMAT, validateBundle, type Bundle } from '../crypto/bundle.ts';
import type { SessionView } from './sessions.ts';

export class AssembleError extends Error {
  override readonly name = 'AssembleError';
}

export interface AssembleInput {
  /** Every node's final view, one per node of the site. */
  views: readonly SessionView[];
  /** Fingerprint of the wrapping key for node i at [i - 1]. */
  fingerprints: readonly string[];
  /** What the operator exported: the key's ID and public key (base64 DER SPKI) as the keys page read it. */
  expected: { keyId: string; publicKey: string };
}

export function assembleBundle({ views, fingerprints, expected }: AssembleInput): Bundle {
  if (views.length === 0) throw new AssembleError('No node reported a result.');
  const sorted = [...views].sort((a, b) => a.node - b.node);
  const first = sorted[0]!;
  for (const view of sorted) {
    if (view.state !== 'done' || view.result === undefined) throw new AssembleError(`Node ${view.node} has not finished the export (${view.state}).`);
  }
  const r0 = first.result!;
  for (const view of sorted) {
    for (const field of ['keyId', 'curve', 'threshold', 'publicKey'] as const) {
      if (view.result![field] !== r0[field]) {
        throw new AssembleError(
          `The nodes report different ${field === 'publicKey' ? 'public keys' : `${field}s`} (node ${first.node}: ${String(r0[field]).slice(0, 24)}, node ${view.node}: ${String(view.result![field]).slice(0, 24)}); do not use this export.`,
        );
      }
    }
  }
  if (r0.keyId !== expected.keyId) throw new AssembleError(`The nodes exported key ${r0.keyId}, not ${expected.keyId}.`);
  if (r0.publicKey !== expected.publicKey) throw new AssembleError(`The nodes exported a key whose public key differs from key ${expected.keyId}'s; do not use this export.`);
  if (sorted.length !== fingerprints.length) throw new AssembleError(`Expected ${fingerprints.length} shares, got ${sorted.length}.`);
  const shares = sorted.map((view) => {
    const share = view.result!.share;
    if (share === undefined) throw new AssembleError(`Node ${view.node} reports done without its wrapped share.`);
    if (share.index !== view.node) throw new AssembleError(`Node ${view.node} returned a share for index ${share.index}.`);
    const want = fingerprints[view.node - 1];
    if (share.wrappingKeyFingerprint !== want) {
      throw new AssembleError(`Node ${view.node} wrapped its share for ${share.wrappingKeyFingerprint.slice(0, 16)}…, not for the wrapping key given for node ${view.node} (${String(want).slice(0, 16)}…).`);
    }
    return share;
  });
  try {
    return validateBundle({ format: BUNDLE_FORMAT, curve: r0.curve, threshold: r0.threshold, publicKey: r0.publicKey, keyId: r0.keyId, shares }, 'bundle');
  } catch (e) {
    throw new AssembleError(`The nodes' shares do not form a valid bundle: ${(e as Error).message}`);
  }
}
