// Every node's GET /v1/keys, asked at once; each node fails on its own.
import { useCallback, useEffect, useState } from 'react';
import type { KeysApi } from '../../../client/keys.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import type { Site } from '../sites/parse-profile.ts';
import { mergeSiteKeys, type NodeKeys, type SiteKey } from './site-keys.ts';

export type SiteKeysState = { status: 'loading' } | { status: 'ready'; answers: NodeKeys[]; keys: SiteKey[] };

export function useSiteKeys(site: Site, api: KeysApi) {
  const [state, setState] = useState<SiteKeysState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    void Promise.all(
      site.nodes.map(async (node): Promise<NodeKeys> => {
        try {
          return { index: node.index, keys: await api.list(node, controller.signal) };
        } catch (error) {
          return { index: node.index, error: failureReason(error) };
        }
      }),
    ).then((answers) => {
      if (!controller.signal.aborted) setState({ status: 'ready', answers, keys: mergeSiteKeys(answers) });
    });
    return () => controller.abort();
  }, [site, api, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload, generation };
}
