// A modal confirmation: the rest of the page is inert while it is open, focus starts on
// Cancel, Escape cancels, and the caller restores focus. With `acknowledgement`, the
// confirm button stays disabled until the operator ticks a box that states the risk.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Sentence the operator must tick before confirming, e.g. "I understand that …". */
  acknowledgement?: string;
  /** Shown before the error message when onConfirm throws, e.g. "Could not delete the key." */
  failurePrefix?: string;
  onConfirm: () => Promise<void> | void;
  onClose: () => void;
}

export function ConfirmDialog({ title, children, confirmLabel, acknowledgement, failurePrefix, onConfirm, onClose }: ConfirmDialogProps) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [acknowledged, setAcknowledged] = useState(acknowledgement === undefined);
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
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-body`}>{children}</div>
      {acknowledgement !== undefined && (
        <label className="acknowledge">
          <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} /> {acknowledgement}
        </label>
      )}
      {error !== null && (
        <p role="alert" className="field-error">
          {failurePrefix === undefined ? error : `${failurePrefix} ${error}`}
        </p>
      )}
      <div className="form-actions dialog-actions">
        <button ref={cancelRef} type="button" className="button" disabled={busy} onClick={cancel}>
          Cancel
        </button>
        <button type="button" className="button button-danger" disabled={busy || !acknowledged} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
