// A whitelist diff in words: added and removed fingerprints (with their origin when known)
// and a change of EnableExport. Used for the operator's own change and for what others
// changed meanwhile.
import { shortFingerprint } from '../dashboard/node-status.ts';
import { entryId, isEmptyDiff, type Entry, type WhitelistDiff } from './draft.ts';

export interface DiffListProps {
  diff: WhitelistDiff;
  origins: Map<string, string[]>;
  label: string;
  /** What an empty diff means where it is shown. */
  emptyText?: string;
}

export function DiffList({ diff, origins, label, emptyText = 'No differences.' }: DiffListProps) {
  if (isEmptyDiff(diff)) return <p className="muted">{emptyText}</p>;
  return (
    <ul className="diff-list" aria-label={label}>
      {diff.exportChange && (
        <li data-diff="export">
          Export: {diff.exportChange.from ? 'enabled' : 'disabled'} → <strong>{diff.exportChange.to ? 'enabled' : 'disabled'}</strong>
        </li>
      )}
      {diff.added.map((e) => (
        <li key={`+${entryId(e)}`} data-diff="added">
          <span className="diff-sign">+</span> added <EntryName entry={e} origins={origins} />
        </li>
      ))}
      {diff.removed.map((e) => (
        <li key={`-${entryId(e)}`} data-diff="removed">
          <span className="diff-sign">−</span> removed <EntryName entry={e} origins={origins} />
        </li>
      ))}
    </ul>
  );
}

function EntryName({ entry, origins }: { entry: Entry; origins: Map<string, string[]> }) {
  if (entry.fingerprint === undefined) return <code>* (wildcard: any key)</code>;
  const about = [entry.rsaBits === undefined ? undefined : `RSA ${entry.rsaBits}`, ...(origins.get(entry.fingerprint) ?? [])].filter(Boolean);
  return (
    <>
      <code title={entry.fingerprint}>{shortFingerprint(entry.fingerprint)}…</code>
      {about.length > 0 && ` (${about.join('; ')})`}
    </>
  );
}
