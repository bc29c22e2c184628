// Gathers every wrapping key the console can name: each connected node's keys (GET
// /v1/wrapping-key, active and earlier ones) and this browser's wrapping keys. Nodes that
// fail are listed by name so the page can say whose keys are missing.
import { useEffect, useState } from 'react';
import { parseWrappingKey } from '../../../crypto/public-key.ts';
import type { ExportConfigApi } from '../../../client/export-config.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import type { Site } from '../sites/parse-profile.ts';
import type { WrappingKeyService } from '../wrapping-keys/wrapping-key-service.ts';
import type { KnownKey } from './origins.ts';

export interface KnownKeys {
  loading: boolean;
  keys: KnownKey[];
  /** e.g. "node 3 of site failover: token refused". */
  failures: string[];
}

export function useKnownKeys(sites: readonly Site[], api: ExportConfigApi, browserKeys: WrappingKeyService): KnownKeys {
  const [state, setState] = useState<KnownKeys>({ loading: true, keys: [], failures: [] });

  useEffect(() => {
    const controller = new AbortController();
    const fromNodes = sites.flatMap((site) =>
      site.nodes.map(async (node): Promise<KnownKey[] | string> => {
        try {
          const answer = await api.wrappingKeys(node, controller.signal);
          return answer.keys
            .filter((k) => k.status !== 'retired')
            .map((k) => ({
              fingerprint: k.fingerprint,
              spki: k.spki,
              bits: rsaBits(k.spki),
              source: { kind: 'node', site: site.name, index: node.index, status: k.status },
            }));
        } catch (error) {
          return `node ${node.index} of site ${site.name}: ${failureReason(error)}`;
        }
      }),
    );
    const fromBrowser = browserKeys.list().then(
      (views) => views.map((v): KnownKey => ({ fingerprint: v.fingerprint, spki: v.base64, bits: v.bits, source: { kind: 'browser', label: v.label } })),
      () => 'this browser’s wrapping keys could not be read',
    );
    void Promise.all([...fromNodes, fromBrowser]).then((results) => {
      if (controller.signal.aborted) return;
      setState({
        loading: false,
        keys: results.flatMap((r) => (typeof r === 'string' ? [] : r)),
        failures: results.flatMap((r) => (typeof r === 'string' ? [r] : [])),
      });
    });
    return () => controller.abort();
  }, [sites, api, browserKeys]);

  return state;
}

/** The size of a node key as its SPKI says (the answer carries it for the active key only). */
function rsaBits(spki: string): number {
  return parseWrappingKey(spki, 'node wrapping key').bits;
}
