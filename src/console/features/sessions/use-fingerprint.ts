// The fingerprint (lowercase hex SHA-256 of the DER SPKI) of a base64 public key, computed
// by the crypto core, which is loaded on first use (not in the shell's bundle).
import { useEffect, useState } from 'react';

export type FingerprintState = { state: 'working' } | { state: 'ok'; fingerprint: string } | { state: 'failed'; message: string };

export function useFingerprint(publicKeyBase64: string | undefined): FingerprintState | undefined {
  const [result, setResult] = useState<FingerprintState | undefined>(undefined);
  useEffect(() => {
    if (publicKeyBase64 === undefined) {
      setResult(undefined);
      return;
    }
    let live = true;
    setResult({ state: 'working' });
    void (async () => {
      try {
        const [{ fingerprint }, { fromBase64 }] = await Promise.all([import('../../../crypto/public-key.ts'), import('../../../crypto/bytes.ts')]);
        const der = fromBase64(publicKeyBase64, 'publicKey');
        const fp = fingerprint(der);
        der.fill(0);
        if (live) setResult({ state: 'ok', fingerprint: fp });
      } catch (error) {
        if (live) setResult({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => {
      live = false;
    };
  }, [publicKeyBase64]);
  return result;
}
