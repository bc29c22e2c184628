// EnableExport and the wildcard for one node's draft. The wildcard is set or cleared only
// through a confirmation that names what it risks; both edit the draft, which is still
// reviewed before it is applied.
import { useId, useRef, useState } from 'react';
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import { isWildcard, type Draft } from './draft.ts';

export interface ExportControlsProps {
  nodeName: string;
  draft: Draft;
  readOnly: boolean;
  onExport: (enabled: boolean) => void;
  onWildcard: (on: boolean) => void;
}

export function ExportControls({ nodeName, draft, readOnly, onExport, onWildcard }: ExportControlsProps) {
  const id = useId();
  const [confirming, setConfirming] = useState<'set' | 'clear' | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wildcard = isWildcard(draft);
  const keyCount = draft.entries.filter((e) => e.fingerprint !== undefined).length;

  function close() {
    setConfirming(null);
    opener.current?.focus();
  }

  return (
    <div className="export-controls">
      <label className="toggle">
        <input type="checkbox" checked={draft.enableExport} disabled={readOnly} onChange={(e) => onExport(e.target.checked)} aria-describedby={`${id}-export-hint`} />{' '}
        Allow export from {nodeName} (EnableExport)
      </label>
      <p id={`${id}-export-hint`} className="hint">
        With export disabled the node refuses every export session, whatever the whitelist holds.
      </p>
      {!readOnly && (
        <button ref={opener} type="button" className="button button-danger-outline" onClick={() => setConfirming(wildcard ? 'clear' : 'set')}>
          {wildcard ? 'Clear the wildcard…' : 'Set the wildcard “*”…'}
        </button>
      )}
      {confirming === 'set' && (
        <ConfirmDialog
          title={`Let ${nodeName} export under any key?`}
          confirmLabel="Set the wildcard"
          acknowledgement={`I understand that ${nodeName} will wrap its share under any RSA key an export names.`}
          onConfirm={() => (onWildcard(true), close())}
          onClose={close}
        >
          <p>
            The wildcard <code>*</code> replaces the whole whitelist{keyCount > 0 ? ` (its ${keyCount} key${keyCount === 1 ? '' : 's'} are removed)` : ''}. Anyone
            who can start an export session on this site could then have this node’s share wrapped under a key they hold; with
            enough such nodes, the key leaves the site whole.
          </p>
          <p>The change is still shown for review before it is applied.</p>
        </ConfirmDialog>
      )}
      {confirming === 'clear' && (
        <ConfirmDialog
          title={`Clear ${nodeName}’s wildcard?`}
          confirmLabel="Clear the wildcard"
          acknowledgement={`I understand that ${nodeName} will refuse every export until keys are added.`}
          onConfirm={() => (onWildcard(false), close())}
          onClose={close}
        >
          <p>
            The whitelist becomes empty. Exports that relied on the wildcard — to a site, a cloud KMS or a browser — will be refused by
            this node until their wrapping keys are added here.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
