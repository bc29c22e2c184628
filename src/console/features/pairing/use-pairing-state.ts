// The plan's live state: readPairing over both sites (every node's whitelist, wrapping key
// and keys), read again on demand — after Apply, after a sync, when the direction changes —
// so the page always shows what the nodes hold now, never what the browser remembers.
import { useCallback, useEffect, useRef, useState } from 'react';
import { NodeError } from '../../../client/node-client.ts';
import { nodeErrorSentence } from '../../../client/node-error-words.ts';
import { readPairing, type PairingState } from '../../../client/pairing-state.ts';
import type { SiteClient } from '../../../client/site-client.ts';

export type PlanState = { status: 'idle' } | { status: 'reading'; previous?: PairingState } | { status: 'ready'; pairing: PairingState } | { status: 'error'; message: string };

export function usePairingState(main: SiteClient | undefined, failover: SiteClient | undefined, enabled: boolean, bothWays: boolean) {
  const [state, setState] = useState<PlanState>({ status: 'idle' });
  const generation = useRef(0);

  const reload = useCallback(async (): Promise<PairingState | undefined> => {
    if (main === undefined || failover === undefined || !enabled) {
      generation.current += 1;
      setState({ status: 'idle' });
      return undefined;
    }
    const mine = ++generation.current;
    setState((s) => ({ status: 'reading', ...(s.status === 'ready' ? { previous: s.pairing } : {}) }));
    try {
      const pairing = await readPairing(main, failover, { bothWays });
      if (mine === generation.current) setState({ status: 'ready', pairing });
      return pairing;
    } catch (error) {
      const message = error instanceof NodeError ? `${nodeErrorSentence(error)}. Check that node, then read again.` : error instanceof Error ? error.message : String(error);
      if (mine === generation.current) setState({ status: 'error', message });
      return undefined;
    }
  }, [main, failover, enabled, bothWays]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { state, reload };
}
