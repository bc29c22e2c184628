// The source site's keys as a checkbox list with a filter (key ID or curve): the subset a
// migrate takes. Keys ticked and then filtered out stay ticked; the count says how many.
import { useId, useState } from 'react';
import type { SiteKey } from '../keys/site-keys.ts';
import { filterKeys, keysText } from './migrate-summary.ts';

/** Rows rendered at once; a longer list is narrowed with the filter. */
const SHOWN = 200;

export interface SourceKeyPickerProps {
  site: string;
  keys: readonly SiteKey[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  disabled?: boolean;
}

export function SourceKeyPicker({ site, keys, chosen, onChange, disabled }: SourceKeyPickerProps) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const picked = new Set(chosen);
  const matching = filterKeys(keys, filter);
  const shown = matching.slice(0, SHOWN);
  // Chosen before and no longer on the source (a move took them): still in the choice, so said so.
  const onSite = new Set(keys.map((k) => k.keyId));
  const gone = chosen.filter((k) => !onSite.has(k));

  function toggle(keyId: string) {
    const next = new Set(picked);
    if (next.has(keyId)) next.delete(keyId);
    else next.add(keyId);
    onChange([...gone, ...keys.map((k) => k.keyId).filter((k) => next.has(k))]);
  }

  const chooseShown = () => onChange([...gone, ...keys.map((k) => k.keyId).filter((k) => picked.has(k) || matching.some((m) => m.keyId === k))]);
  const dropGone = () => onChange(chosen.filter((k) => onSite.has(k)));
  const clear = () => onChange([]);

  return (
    <div className="key-picker">
      {keys.length > 0 && (
        <>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-filter`}>
              Filter keys
            </label>
            <input
              id={`${id}-filter`}
              className="text-input"
              type="search"
              value={filter}
              disabled={disabled}
              placeholder="Key ID or curve"
              onChange={(e) => setFilter(e.target.value)}
              // Enter in the filter only filters: it never ticks a key or reviews the plan.
              onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
            />
          </div>
          <div className="form-actions">
            <button type="button" className="button" disabled={disabled || matching.length === 0} onClick={chooseShown}>
              Choose {filter.trim() === '' ? 'all' : `the ${matching.length} matching`}
            </button>
            <button type="button" className="button" disabled={disabled || chosen.length === 0} onClick={clear}>
              Clear
            </button>
            <span role="status" aria-label="Keys chosen" className="muted">
              {keysText(chosen.length - gone.length)} chosen of {keys.length}
              {filter.trim() !== '' && ` (${matching.length} match “${filter.trim()}”)`}
            </span>
          </div>
        </>
      )}
      {gone.length > 0 && (
        <p className="callout">
          {keysText(gone.length)} chosen {gone.length === 1 ? 'is' : 'are'} on no node of site {site} now (moved or deleted); a review plans{' '}
          {gone.length === 1 ? 'it' : 'them'} as already moved or not found.{' '}
          <button type="button" className="button" disabled={disabled} onClick={dropGone}>
            Drop {gone.length === 1 ? 'it' : 'them'} from the choice
          </button>
        </p>
      )}
      {keys.length === 0 ? (
        <p className="muted">No keys on site {site}.</p>
      ) : matching.length === 0 ? (
        <p className="muted">
          No key of site {site} matches “{filter.trim()}”.
        </p>
      ) : (
        <ul className="key-list migrate-key-list" aria-label={`Keys of site ${site}`} style={{ maxHeight: '18rem', overflowY: 'auto', padding: '0.25rem 0' }}>
          {shown.map((k) => (
            <li key={k.keyId} style={{ marginTop: '0.35rem' }}>
              <label>
                <input type="checkbox" checked={picked.has(k.keyId)} disabled={disabled} onChange={() => toggle(k.keyId)} />{' '}
                <span className="mono">{k.keyId}</span> <span className="muted">{k.curve}</span>
                {k.warnings.length > 0 && <span className="muted"> — {k.warnings[0]}</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
      {matching.length > SHOWN && (
        <p className="muted">
          Shown: the first {SHOWN} of {matching.length}; narrow the filter to see the rest (“Choose” takes every match).
        </p>
      )}
    </div>
  );
}
