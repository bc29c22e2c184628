// A fingerprint where a table has no room for 64 hex digits: the short form with an
// ellipsis, the whole one on hover, and a Copy button for the whole one.
import { shortFingerprint } from '../features/dashboard/node-status.ts';
import { CopyButton } from './CopyButton.tsx';

export function FingerprintCell({ fingerprint, copyLabel }: { fingerprint: string; copyLabel?: string }) {
  return (
    <span className="fingerprint-cell">
      <code className="fingerprint" title={fingerprint}>
        {shortFingerprint(fingerprint)}…
      </code>
      <CopyButton value={fingerprint} label={copyLabel ?? `Copy fingerprint ${shortFingerprint(fingerprint)}`} />
    </span>
  );
}
