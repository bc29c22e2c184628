// The list of wrapping keys in this browser, as page state: loading, failed or ready.
import { useCallback, useEffect, useState } from 'react';
import { describeWrappingKeyFailure, type WrappingKeyService } from './wrapping-key-service.ts';
import type { WrappingKeyView } from './view-model.ts';

export type WrappingKeysState = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; keys: WrappingKeyView[] };

export function useWrappingKeys(service: WrappingKeyService) {
  const [state, setState] = useState<WrappingKeysState>({ status: 'loading' });

  const reload = useCallback(async () => {
    try {
      setState({ status: 'ready', keys: await service.list() });
    } catch (error) {
      setState({ status: 'failed', message: describeWrappingKeyFailure(error) });
    }
  }, [service]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { state, reload };
}
