// Importing a keyferry-bundle/1 into a site, shared by the CLI (`keyferry session import`)
// and the console's import wizard: whether the bundle fits the site (threshold, one share
// per node, nothing for nodes the site does not have), and each node's join request —
// every node gets the common parameters and only its own wrapped share.
import { toBase64 } from '../crypto/bytes.ts';
import type { Bundle } from '../crypto/bundle.ts';
import type { JoinSession } from '../protocol/session.ts';

export interface ImportTarget {
  site: string;
  threshold: number;
  nodeIndexes: readonly number[];
}

/** Why the bundle cannot be imported into the site, in words; [] when it can. */
export function importProblems(bundle: Bundle, target: ImportTarget): string[] {
  const problems: string[] = [];
  if (bundle.threshold !== target.threshold) {
    problems.push(`the bundle's threshold is ${bundle.threshold} but site ${target.site} has threshold ${target.threshold}; its shares cannot be imported there`);
  }
  const n = target.nodeIndexes.length;
  const stray = bundle.shares.find((s) => !target.nodeIndexes.includes(s.index));
  if (stray) problems.push(`the bundle has a share for index ${stray.index}, but site ${target.site} has nodes 1..${n}; it was made for another site`);
  const missing = target.nodeIndexes.filter((i) => !bundle.shares.some((s) => s.index === i));
  if (missing.length > 0) {
    problems.push(
      `no share for node ${missing.join(', ')} of site ${target.site} in the bundle (it has share ${bundle.shares.map((s) => s.index).join(', ')}); every node needs its own share — give each per-share file`,
    );
  }
  return problems;
}

/** Node `index`'s request to join the import session (the bundle must have its share). */
export function importJoinRequest(bundle: Bundle, index: number, sessionId: string, options: { keyId?: string | undefined; timeoutMs?: number | undefined } = {}): JoinSession {
  const share = bundle.shares.find((s) => s.index === index);
  if (share === undefined) throw new Error(`the bundle has no share for node ${index}`);
  const keyId = options.keyId ?? bundle.keyId;
  return {
    sessionId,
    kind: 'import',
    parameters: {
      ...(keyId === undefined ? {} : { keyId }),
      curve: bundle.curve,
      threshold: bundle.threshold,
      publicKey: toBase64(bundle.publicKey),
      share: {
        wrappedShare: toBase64(share.wrappedShare),
        ...(share.wrappedChainCode ? { wrappedChainCode: toBase64(share.wrappedChainCode) } : {}),
        wrappingKeyFingerprint: share.wrappingKeyFingerprint,
      },
    },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
}
