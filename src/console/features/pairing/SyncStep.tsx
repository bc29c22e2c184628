// Step 5: the keys — missing on the fail-over site (offered for copy, all or some), on both
// with the same public key, conflicts (shown, never offered) and half-held keys; the copy
// with per-key progress, rate and time left, and each key's outcome naming the node and
// why it failed. Read from the nodes on every visit, so it resumes after a reload.
import type { KeyCopy, SyncProgress } from '../../../client/pair-transfer.ts';
import { COPY_LABEL, copyText, progressText, type SyncOverview } from './sync-view.ts';

export interface SyncStepProps {
  overview: SyncOverview;
  selected: ReadonlySet<string>;
  onSelect: (change: { all: boolean } | { keyId: string; on: boolean }) => void;
  running: boolean;
  progress: SyncProgress | undefined;
  error: string | undefined;
  disabledReason: string | undefined;
  onSync: () => void;
}

export function SyncStep({ overview, selected, onSelect, running, progress, error, disabledReason, onSync }: SyncStepProps) {
  const results = new Map((progress?.results ?? []).map((r: KeyCopy) => [r.keyId, r]));
  return (
    <>
      <p role="status" data-testid="sync-summary">
        {overview.summary}
      </p>
      {overview.missing.length > 0 && (
        <fieldset className="pair-sync-keys" disabled={running}>
          <legend>Keys missing on the fail-over site</legend>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => onSelect({ all: true })}>
              Select all
            </button>
            <button type="button" className="button" onClick={() => onSelect({ all: false })}>
              Select none
            </button>
          </div>
          <ul aria-label="Missing keys">
            {overview.missing.map((k) => (
              <li key={k.keyId} data-key={k.keyId}>
                <label>
                  <input type="checkbox" checked={selected.has(k.keyId)} onChange={(e) => onSelect({ keyId: k.keyId, on: e.target.checked })} /> <code>{k.keyId}</code> ({k.curve})
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {overview.missing.length > 0 && (
        <button type="button" className="button button-primary" disabled={running || selected.size === 0 || disabledReason !== undefined} onClick={onSync}>
          {running ? 'Copying…' : `Copy ${selected.size} key${selected.size === 1 ? '' : 's'} to the fail-over site`}
        </button>
      )}
      {disabledReason !== undefined && <p className="hint">{disabledReason}</p>}
      {progress !== undefined && (
        <div className="pair-sync-progress">
          <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label="Keys copied" />
          <p role="status" data-testid="sync-progress">
            {progressText(progress)}
          </p>
          <ul aria-label="Copy outcome per key">
            {[...results.values()].map((r) => (
              <li key={r.keyId} data-key={r.keyId} data-outcome={r.outcome} role={r.outcome === 'failed' ? 'alert' : undefined}>
                <span className={`badge ${r.outcome === 'copied' || r.outcome === 'skipped' ? 'badge-ok' : 'badge-error'}`}>{COPY_LABEL[r.outcome]}</span> {copyText(r)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error !== undefined && (
        <p className="callout callout-error" role="alert">
          {error}
        </p>
      )}
      {overview.conflicts.length > 0 && (
        <section aria-label="Key conflicts">
          <h3>Conflicts (never overwritten)</h3>
          <ul className="pair-conflicts">
            {overview.conflicts.map((c) => (
              <li key={c.keyId} data-key={c.keyId}>
                <span className="badge badge-error">Conflict</span> {c.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      {overview.halfHeld.length > 0 && (
        <section aria-label="Half-held keys">
          <h3>Half-held keys</h3>
          <ul>
            {overview.halfHeld.map((h) => (
              <li key={h.keyId} data-key={h.keyId}>
                {h.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      {overview.same.length > 0 && (
        <details className="pair-same-keys">
          <summary>
            {overview.same.length} key{overview.same.length === 1 ? '' : 's'} on both sites with the same public key
          </summary>
          <ul aria-label="Keys on both sites">
            {overview.same.map((id) => (
              <li key={id}>
                <code>{id}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
