// Confirm deleting a wrapping key: says what is lost (the private key exists only here).
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import type { WrappingKeyView } from './view-model.ts';

export interface DeleteKeyDialogProps {
  keyView: WrappingKeyView;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

export function DeleteKeyDialog({ keyView, onConfirm, onClose }: DeleteKeyDialogProps) {
  return (
    <ConfirmDialog
      title={`Delete wrapping key “${keyView.label}”?`}
      confirmLabel="Delete key"
      failurePrefix="Could not delete the key."
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <p>
        Fingerprint <code>{keyView.shortFingerprint}…</code> ({keyView.bits} bits).
      </p>
      <p>
        The private key exists only in this browser and cannot be exported, so it <strong>cannot be recovered</strong>:
        anything wrapped to this key can no longer be unwrapped here.
      </p>
    </ConfirmDialog>
  );
}
