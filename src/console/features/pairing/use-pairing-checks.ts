// The first step's live state: GET /v1/info on every node of both chosen sites, turned
// into the checks (pairing-checks.ts). Asked again whenever the choice changes or the
// operator says "Check again"; nothing is changed on any node.
import { useEffect, useState } from 'react';
import type { SiteClient } from '../../../client/site-client.ts';
import { checkPairingSites, type ChecksResult } from '../../../client/pairing-checks.ts';

export type ChecksState = { status: 'idle' } | { status: 'checking' } | { status: 'done'; result: ChecksResult } | { status: 'error'; message: string };

export function usePairingChecks(main: SiteClient | undefined, failover: SiteClient | undefined) {
  const [state, setState] = useState<ChecksState>({ status: 'idle' });
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (main === undefined || failover === undefined) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState({ status: 'checking' });
    checkPairingSites(main, failover, controller.signal).then(
      (result) => controller.signal.aborted || setState({ status: 'done', result }),
      (error: unknown) => controller.signal.aborted || setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => controller.abort();
  }, [main, failover, round]);

  return { state, recheck: () => setRound((r) => r + 1) };
}
