// Choosing one of the connected sites by name: the pairing wizard's main and fail-over, the
// BYOK page's source site.
import type { Site } from '../../client/site.ts';

export interface SiteSelectProps {
  id: string;
  label: string;
  sites: readonly Site[];
  value: string;
  onChange: (name: string) => void;
  /** An empty first option ("Choose…") until a site is chosen. */
  placeholder?: string;
  disabled?: boolean;
}

export function SiteSelect({ id, label, sites, value, onChange, placeholder, disabled }: SiteSelectProps) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {sites.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
