// "What is this key?" as the operator types: the crypto core's report for the pasted or
// loaded private key (curve, format, public key), debounced, with stale answers dropped.
// A public key is reported as not importable, with the reason (the core refuses RSA
// private keys itself).
import { useEffect, useRef, useState } from 'react';
import type { InspectOptions, KeyReport } from '../../../crypto/inspect.ts';
import type { KeyInspector } from '../../services.ts';
import { describeInspectFailure } from '../inspect/inspect-failure.ts';

export type Detection =
  | { state: 'empty' }
  | { state: 'checking' }
  | { state: 'ok'; report: KeyReport }
  | { state: 'refused'; message: string };

const DEBOUNCE_MS = 250;

export function useKeyDetection(inspector: KeyInspector, input: string | Uint8Array | null, options: InspectOptions): Detection {
  const [detection, setDetection] = useState<Detection>({ state: 'empty' });
  const latest = useRef(0);
  const optionsKey = JSON.stringify(options);

  useEffect(() => {
    const request = ++latest.current;
    if (input === null || (typeof input === 'string' && input.trim() === '')) {
      setDetection({ state: 'empty' });
      return;
    }
    setDetection({ state: 'checking' });
    const timer = setTimeout(() => {
      void inspector.inspect(input instanceof Uint8Array ? input.slice() : input, JSON.parse(optionsKey) as InspectOptions).then(
        (report) => request === latest.current && setDetection(judge(report)),
        (error: unknown) => request === latest.current && setDetection({ state: 'refused', message: describeInspectFailure(error).message }),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [inspector, input, optionsKey]);

  return detection;
}

function judge(report: KeyReport): Detection {
  if (report.kind === 'public-key') return { state: 'refused', message: 'This is a public key. Importing needs the private key; the site cannot hold a key from its public half.' };
  return { state: 'ok', report };
}
