// A public key's fingerprint for a component (fingerprint.ts does the work): "working"
// until the core has answered, then the fingerprint or why the key could not be read.
// A stale answer (the key changed meanwhile) is dropped.
import { useEffect, useState } from 'react';
import { fingerprintOf } from './fingerprint.ts';

export type FingerprintState = { state: 'working' } | { state: 'ok'; fingerprint: string } | { state: 'failed'; message: string };

/** @param publicKey DER SPKI bytes or base64; undefined while there is none. */
export function useFingerprint(publicKey: Uint8Array | string | undefined): FingerprintState | undefined {
  const [result, setResult] = useState<FingerprintState | undefined>(undefined);
  useEffect(() => {
    if (publicKey === undefined) {
      setResult(undefined);
      return;
    }
    let live = true;
    setResult({ state: 'working' });
    fingerprintOf(publicKey).then(
      (fingerprint) => live && setResult({ state: 'ok', fingerprint }),
      (error: unknown) => live && setResult({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [publicKey]);
  return result;
}
