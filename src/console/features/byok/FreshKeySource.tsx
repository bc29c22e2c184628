// Source 2 of the BYOK page: a fresh key generated in the BYOK worker. Said plainly: once
// imported, the KMS holds the only copy. Saving a copy is offered behind a confirmation
// that names the risk; only then does the worker hand the key's hex back, once, for the
// download.
import { useId, useRef, useState } from 'react';
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import { TARGET_NAMES, freshKeyChoices, type ByokTarget } from './target-facts.ts';

export function FreshKeySource({ target, choice, onChoice, keepCopy, onKeepCopy }: { target: ByokTarget; choice: string; onChoice: (c: string) => void; keepCopy: boolean; onKeepCopy: (k: boolean) => void }) {
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const box = useRef<HTMLInputElement>(null);
  const choices = freshKeyChoices(target);
  return (
    <div className="byok-fresh">
      <div className="field">
        <label htmlFor={`${id}-type`} className="field-label">
          Key to generate
        </label>
        <select id={`${id}-type`} value={choice} onChange={(e) => onChoice(e.target.value)}>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <p className="callout" data-testid="byok-only-copy">
        The key is generated in this browser, wrapped at once and not kept: once imported, {TARGET_NAMES[target]} holds the only copy. If the KMS key is deleted,
        the key is gone.
      </p>
      <label className="checkbox">
        <input
          ref={box}
          type="checkbox"
          checked={keepCopy}
          onChange={(e) => (e.target.checked ? setConfirming(true) : onKeepCopy(false))}
        />{' '}
        Also save a copy of the key to a file
      </label>
      {confirming && (
        <ConfirmDialog
          title="Save a plaintext copy of the new key?"
          confirmLabel="Save a copy"
          acknowledgement="I understand that the file holds the key in the clear, and that anyone who reads it can use the key without the KMS."
          onConfirm={() => {
            onKeepCopy(true);
            setConfirming(false);
          }}
          onClose={() => {
            setConfirming(false);
            box.current?.focus();
          }}
        >
          <p>The copy is downloaded as hex when the key is wrapped. Keep it offline, or do not keep it at all.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
