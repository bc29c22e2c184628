// A connected site's active node wrapping keys (GET /v1/wrapping-key on each of its nodes),
// as the wrapping keys of an export to that site.
import { useEffect, useState } from 'react';
import type { ExportConfigApi } from '../../../client/export-config.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import type { Site } from '../sites/parse-profile.ts';
import { siteKeys, type TargetKeys } from './target-keys.ts';

export function useTargetSiteKeys(target: Site | undefined, sourceNodes: number, api: ExportConfigApi): TargetKeys | 'loading' | undefined {
  const [state, setState] = useState<TargetKeys | 'loading' | undefined>();
  useEffect(() => {
    if (target === undefined) {
      setState(undefined);
      return;
    }
    const controller = new AbortController();
    setState('loading');
    void Promise.all(
      target.nodes.map(async (node) => {
        try {
          const answer = await api.wrappingKeys(node, controller.signal);
          return { index: node.index, spki: answer.spki, fingerprint: answer.fingerprint, bits: answer.bits };
        } catch (error) {
          return { index: node.index, error: failureReason(error) };
        }
      }),
    ).then((answers) => {
      if (!controller.signal.aborted) setState(siteKeys(target.name, sourceNodes, answers));
    });
    return () => controller.abort();
  }, [target, sourceNodes, api]);
  return state;
}
