// The whitelist as it will be once the draft is applied: kept, added (marked) and removed
// (struck, with Restore) entries, each with fingerprint, RSA size, origin and warnings.
import { WILDCARD } from '../../../protocol/export-whitelist.ts';
import { shortFingerprint } from '../dashboard/node-status.ts';
import { entryId, type Draft, type Entry } from './draft.ts';
import { entryWarnings } from './origins.ts';
import { FingerprintCell } from '../../shared/FingerprintCell.tsx';

export interface WhitelistTableProps {
  draft: Draft;
  origins: Map<string, string[]>;
  readOnly: boolean;
  onRemove: (id: string) => void;
  onRestore: (entry: Entry) => void;
  /** For a paired node: why an entry breaks the pairing (pairing-warnings.ts), or undefined. */
  pairingWarning?: ((id: string) => string | undefined) | undefined;
}

type Row = { entry: Entry; change: 'kept' | 'added' | 'removed' };

export function WhitelistTable({ draft, origins, readOnly, onRemove, onRestore, pairingWarning }: WhitelistTableProps) {
  const now = new Set(draft.entries.map(entryId));
  const was = new Set(draft.base.entries.map(entryId));
  const rows: Row[] = [
    ...draft.base.entries.map((entry): Row => ({ entry, change: now.has(entryId(entry)) ? 'kept' : 'removed' })),
    ...draft.entries.filter((e) => !was.has(entryId(e))).map((entry): Row => ({ entry, change: 'added' })),
  ];
  if (rows.length === 0) {
    return (
      <p className="callout" data-testid="whitelist-empty">
        The whitelist is empty: this node refuses every export. Add a key below.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="node-table whitelist-table" aria-label="Whitelisted keys">
        <thead>
          <tr>
            <th scope="col">Fingerprint (SHA-256 of SPKI)</th>
            <th scope="col">RSA bits</th>
            <th scope="col">Origin</th>
            <th scope="col">Warnings</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ entry, change }) => (
            <EntryRow key={entryId(entry)} entry={entry} change={change} origins={origins} readOnly={readOnly} onRemove={onRemove} onRestore={onRestore} pairingWarning={pairingWarning} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EntryRow({ entry, change, origins, readOnly, onRemove, onRestore, pairingWarning }: Row & Omit<WhitelistTableProps, 'draft'>) {
  const id = entryId(entry);
  const wildcard = entry.key === WILDCARD;
  const name = wildcard ? 'the wildcard' : `key ${shortFingerprint(id)}`;
  const paired = change === 'removed' ? undefined : pairingWarning?.(id);
  const warnings = [...entryWarnings(entry), ...(paired === undefined ? [] : [paired])];
  return (
    <tr data-change={change} data-fingerprint={id}>
      <th scope="row">
        {wildcard ? (
          <code>* (any key)</code>
        ) : (
          <FingerprintCell fingerprint={id} />
        )}
        {change === 'added' && <span className="badge badge-added">to be added</span>}
        {change === 'removed' && <span className="badge badge-removed">to be removed</span>}
      </th>
      <td>{entry.rsaBits ?? '—'}</td>
      <td>{wildcard ? '—' : (origins.get(id) ?? ['Unknown to this console']).join('; ')}</td>
      <td>{warnings.length === 0 ? <span className="muted">None</span> : warnings.map((w) => <p key={w} className="entry-warning">{w}</p>)}</td>
      <td>
        {readOnly || wildcard ? null : change === 'removed' ? (
          <button type="button" className="button" onClick={() => onRestore(entry)} aria-label={`Keep ${name}`}>
            Keep
          </button>
        ) : (
          <button type="button" className="button button-danger-outline" onClick={() => onRemove(id)} aria-label={`Remove ${name}`}>
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}
