// For the keys list of a paired site: the pairing its nodes record (GET /v1/info
// `pairing`) and, when the counterpart site is connected in this console, every
// counterpart node's keys (GET /v1/keys), each node failing on its own. Re-read with the
// page's Reload.
import { useEffect, useState } from 'react';
import type { InfoApi } from '../../../client/info.ts';
import type { KeysApi } from '../../../client/keys.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import type { PairingRecord } from '../../../protocol/pairing.ts';
import type { Site } from '../sites/parse-profile.ts';
import type { NodeKeys } from './site-keys.ts';

export type CounterpartKeys =
  /** No node of this site records a pairing (or none could be read). */
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'not-connected'; record: PairingRecord }
  | { state: 'ready'; record: PairingRecord; answers: NodeKeys[] };

export function useCounterpartKeys(site: Site, sites: readonly Site[], infoApi: InfoApi, keysApi: KeysApi, generation: number): CounterpartKeys {
  const [state, setState] = useState<CounterpartKeys>({ state: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setState({ state: 'loading' });
    void (async () => {
      const records = await Promise.all(site.nodes.map((node) => infoApi.get(node, signal).then((info) => info.pairing, () => null)));
      const record = records.find((r): r is PairingRecord => r !== null);
      if (signal.aborted) return;
      if (record === undefined) return setState({ state: 'none' });
      const counterpart = sites.find((s) => s.name === record.counterpartSite);
      if (counterpart === undefined) return setState({ state: 'not-connected', record });
      const answers = await Promise.all(
        counterpart.nodes.map(async (node): Promise<NodeKeys> => {
          try {
            return { index: node.index, keys: await keysApi.list(node, signal) };
          } catch (error) {
            return { index: node.index, error: failureReason(error) };
          }
        }),
      );
      if (!signal.aborted) setState({ state: 'ready', record, answers });
    })();
    return () => controller.abort();
  }, [site, sites, infoApi, keysApi, generation]);

  return state;
}
