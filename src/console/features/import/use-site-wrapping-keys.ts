// The wrapping keys of a site's nodes, for the import wizard: each node's active key
// (shares are wrapped under it) and every key it can still unwrap with (a bundle made
// before a rotation names a previous one). Each node loads or fails on its own.
import { useEffect, useState } from 'react';
import type { ExportConfigApi } from '../../../client/export-config.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import type { Site } from '../sites/parse-profile.ts';

export type NodeWrappingKey =
  | { index: number; state: 'loading' }
  | { index: number; state: 'failed'; reason: string }
  | { index: number; state: 'ready'; spki: string; fingerprint: string; bits: number; usable: string[] };

export function useSiteWrappingKeys(site: Site, api: ExportConfigApi): NodeWrappingKey[] {
  const [keys, setKeys] = useState<NodeWrappingKey[]>(() => site.nodes.map((n) => ({ index: n.index, state: 'loading' })));

  useEffect(() => {
    const controller = new AbortController();
    setKeys(site.nodes.map((n) => ({ index: n.index, state: 'loading' })));
    for (const node of site.nodes) {
      void api.wrappingKeys(node, controller.signal).then(
        (answer): NodeWrappingKey => ({
          index: node.index,
          state: 'ready',
          spki: answer.spki,
          fingerprint: answer.fingerprint,
          bits: answer.bits,
          usable: answer.keys.filter((k) => k.status !== 'retired').map((k) => k.fingerprint),
        }),
        (error: unknown): NodeWrappingKey => ({ index: node.index, state: 'failed', reason: failureReason(error) }),
      ).then((entry) => {
        if (!controller.signal.aborted) setKeys((all) => all.map((k) => (k.index === entry.index ? entry : k)));
      });
    }
    return () => controller.abort();
  }, [site, api]);

  return keys;
}

/** Shares of a bundle that node i could not unwrap: wrapped for a key it does not hold. */
export function unwrappableShares(shares: ReadonlyArray<{ index: number; wrappingKeyFingerprint: string }>, nodes: readonly NodeWrappingKey[]): string[] {
  return shares.flatMap((share) => {
    const node = nodes.find((n) => n.index === share.index);
    if (node?.state !== 'ready' || node.usable.includes(share.wrappingKeyFingerprint)) return [];
    return [
      `Share ${share.index} is wrapped for key ${share.wrappingKeyFingerprint.slice(0, 16)}…, which node ${share.index} does not hold (its key is ${node.fingerprint.slice(0, 16)}…): the node could not unwrap it. Was the bundle made for another site?`,
    ];
  });
}
