// On a paired node's whitelist page: which pairing the node records, what its whitelist
// should hold, and every draft entry that breaks the pairing (pairing-warnings.ts), so an
// operator sees it before reviewing and applying.
import type { PairingRecord } from '../../../protocol/pairing.ts';
import { entryId, type Draft } from './draft.ts';
import type { KnownKey } from './origins.ts';
import { counterpartRole, governsWhitelist, pairingVerdict, type NodePairing } from './pairing-warnings.ts';

export function PairingNotice({ pairing, draft, knownKeys }: { pairing: NodePairing; draft: Draft; knownKeys: readonly KnownKey[] }) {
  const { record, index } = pairing;
  const role = counterpartRole(record);
  const verdicts = draft.entries.map((e) => pairingVerdict(pairing, entryId(e), knownKeys));
  const warnings = verdicts.flatMap((v) => (v?.warn ? [v.text] : []));
  const holdsCounterpart = verdicts.some((v) => v?.kind === 'counterpart' || v?.kind === 'counterpart-recorded');
  if (governsWhitelist(record) && !holdsCounterpart) warnings.push(`The whitelist does not hold ${role} node ${index}'s current wrapping key: exports to ${record.counterpartSite} would be refused.`);
  return (
    <section className={`card pairing-notice ${warnings.length > 0 ? 'pairing-notice-warn' : ''}`} aria-labelledby="pairing-notice-heading">
      <h2 id="pairing-notice-heading">Fail-over pairing</h2>
      <p>
        {describe(record, index)}{' '}
        {governsWhitelist(record)
          ? `Its whitelist should hold ${role} node ${index}'s wrapping key and nothing else, with export enabled.`
          : `One way: this whitelist is not part of the pairing, but a key of another main node would mix the two sites' shares.`}
      </p>
      {!pairing.counterpartConnected && (
        <p className="muted">
          {record.counterpartSite} is not connected in this console: keys are checked against the fingerprint the record names (
          <code>{record.counterpartFingerprint.slice(0, 16)}…</code>).
        </p>
      )}
      {warnings.length > 0 && (
        <ul aria-label="Pairing warnings" className="callout callout-warn pairing-warnings">
          {warnings.map((w) => (
            <li key={w}>Warning: {w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function describe(record: PairingRecord, index: number): string {
  const direction = record.direction === 'both-ways' ? 'both ways' : 'one way';
  const when = new Date(record.pairedAt);
  const at = Number.isNaN(when.getTime()) ? record.pairedAt : when.toLocaleString();
  return `This node is ${record.role === 'main' ? 'main' : 'fail-over'} node ${index} of site ${record.site}, paired with node ${record.counterpartIndex} of ${record.counterpartSite} (${direction}) by ${record.pairedBy} at ${at}.`;
}
