// The pairing record of the node whose whitelist is being edited (GET /v1/info `pairing`),
// read when the page opens and again after each applied change. Undefined while unread or
// when the node could not be read: the page then says nothing about a pairing.
import { useEffect, useState } from 'react';
import type { InfoApi } from '../../../client/info.ts';
import type { NodeTarget } from '../../../client/node-client.ts';
import type { PairingRecord } from '../../../protocol/pairing.ts';

export function useNodePairing(node: NodeTarget, infoApi: InfoApi, refresh: number): PairingRecord | null | undefined {
  const [record, setRecord] = useState<PairingRecord | null | undefined>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    infoApi.get(node, controller.signal).then(
      (info) => {
        if (!controller.signal.aborted) setRecord(info.pairing);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [node, infoApi, refresh]);
  return record;
}
