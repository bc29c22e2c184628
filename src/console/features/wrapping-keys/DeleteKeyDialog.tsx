// Confirm deleting a wrapping key. A modal <dialog>: the rest of the page is inert while
// it is open, focus starts on Cancel, Escape cancels, and the caller restores focus.
import { useEffect, useId, useRef, useState } from 'react';
import type { WrappingKeyView } from './view-model.ts';

export interface DeleteKeyDialogProps {
  keyView: WrappingKeyView;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

export function DeleteKeyDialog({ keyView, onConfirm, onClose }: DeleteKeyDialogProps) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog.close();
  }, []);

  // Close the modal first: while it is open the page is inert and cannot take focus back.
  function cancel() {
    ref.current?.close();
    onClose();
  }

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault(); // Escape: close through React so state and focus follow
        if (!busy) cancel();
      }}
    >
      <h2 id={`${id}-title`}>Delete wrapping key “{keyView.label}”?</h2>
      <div id={`${id}-body`}>
        <p>
          Fingerprint <code>{keyView.shortFingerprint}…</code> ({keyView.bits} bits).
        </p>
        <p>
          The private key exists only in this browser and cannot be exported, so it <strong>cannot be recovered</strong>:
          anything wrapped to this key can no longer be unwrapped here.
        </p>
      </div>
      {error !== null && (
        <p role="alert" className="field-error">
          Could not delete the key. {error}
        </p>
      )}
      <div className="form-actions dialog-actions">
        <button ref={cancelRef} type="button" className="button" disabled={busy} onClick={cancel}>
          Cancel
        </button>
        <button type="button" className="button button-danger" disabled={busy} onClick={() => void confirm()}>
          Delete key
        </button>
      </div>
    </dialog>
  );
}
