// The export page's two pieces of live state, without rendering: the whitelist pre-check
// (every source node's export config against the wrapping key meant for it) and the
// session run (runSession from src/client: join every node, follow each to done or failed).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExportConfigApi } from '../../../client/export-config.ts';
import { newSessionId } from '../../../client/session-id.ts';
import { exportJoinRequest } from '../../../client/export-plan.ts';
import type { SessionsApi } from '../../../client/sessions.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import { runSession, type SiteRun } from '../../../client/run-session.ts';
import type { Site } from '../sites/parse-profile.ts';
import { precheck, type Precheck } from './precheck.ts';
import type { TargetKey } from './target-keys.ts';

export type PrecheckState = { status: 'idle' } | { status: 'checking' } | { status: 'ready'; result: Precheck };

/** Re-checks whenever the wrapping keys change; `recheck` asks the nodes again. */
export function usePrecheck(site: Site, keys: readonly TargetKey[] | undefined, api: ExportConfigApi) {
  const [state, setState] = useState<PrecheckState>({ status: 'idle' });
  const [generation, setGeneration] = useState(0);
  const fingerprints = keys?.map((k) => k.fingerprint).join(',');

  useEffect(() => {
    if (fingerprints === undefined) {
      setState({ status: 'idle' });
      return;
    }
    const wanted = fingerprints.split(',');
    const controller = new AbortController();
    setState({ status: 'checking' });
    void Promise.all(
      site.nodes.map(async (node) => {
        try {
          return { index: node.index, config: await api.get(node, controller.signal), wrappingKeyFingerprint: wanted[node.index - 1] ?? '' };
        } catch (error) {
          return { index: node.index, config: { error: failureReason(error) }, wrappingKeyFingerprint: wanted[node.index - 1] ?? '' };
        }
      }),
    ).then((nodes) => {
      if (!controller.signal.aborted) setState({ status: 'ready', result: precheck(nodes) });
    });
    return () => controller.abort();
  }, [site, fingerprints, api, generation]);

  const recheck = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, recheck };
}

/** One export session at a time; leaving the page stops following it. */
export function useExportRun(site: Site, keyId: string, api: SessionsApi) {
  const [run, setRun] = useState<SiteRun | undefined>();
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (keys: readonly TargetKey[]): Promise<SiteRun> => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      const sessionId = newSessionId();
      const request = exportJoinRequest(sessionId, keyId, keys);
      return runSession({ nodes: site.nodes, requestFor: () => request, api, onProgress: (update) => mine.signal.aborted || setRun(update), signal: mine.signal });
    },
    [site, keyId, api],
  );

  const reset = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setRun(undefined);
  }, []);

  return { run, start, reset };
}
