// The Inspect tool's request state: one inspection at a time, and a result that arrives
// after the input changed (or a newer request started) is dropped, so the panel always
// describes what is in the form.
import { useCallback, useRef, useState } from 'react';
import type { InspectOptions, KeyReport } from '../../../crypto/inspect.ts';
import type { KeyInspector } from '../../services.ts';
import { describeInspectFailure, type InspectFailure } from './inspect-failure.ts';

export type InspectionState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; report: KeyReport }
  | { status: 'failed'; failure: InspectFailure };

export function useKeyInspection(inspector: KeyInspector) {
  const [state, setState] = useState<InspectionState>({ status: 'idle' });
  const latest = useRef(0);

  const inspect = useCallback(
    async (input: string | Uint8Array, options: InspectOptions) => {
      const request = ++latest.current;
      setState({ status: 'running' });
      try {
        const report = await inspector.inspect(input, options);
        if (request === latest.current) setState({ status: 'done', report });
      } catch (error) {
        if (request === latest.current) setState({ status: 'failed', failure: describeInspectFailure(error) });
      }
    },
    [inspector],
  );

  /** Forget the result (the input changed). */
  const reset = useCallback(() => {
    latest.current++;
    setState({ status: 'idle' });
  }, []);

  /** Show a failure found before calling the core (empty input, unreadable file). */
  const fail = useCallback((failure: InspectFailure) => {
    latest.current++;
    setState({ status: 'failed', failure });
  }, []);

  return { state, inspect, reset, fail };
}
