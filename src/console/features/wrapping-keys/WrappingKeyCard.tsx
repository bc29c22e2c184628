// One wrapping key: label (renamed inline), size and date, and its public key as
// fingerprint, PEM and one-line base64, each with copy and (for the key forms) download.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { CopyButton } from '../../shared/CopyButton.tsx';
import { downloadText } from '../../shared/download.ts';
import { checkLabel } from './label.ts';
import type { WrappingKeyView } from './view-model.ts';

export interface WrappingKeyCardProps {
  keyView: WrappingKeyView;
  onRelabel: (label: string) => Promise<void>;
  onDelete: (returnFocusTo: HTMLElement) => void;
  onAnnounce: (message: string) => void;
}

export function WrappingKeyCard({ keyView, onRelabel, onDelete, onAnnounce }: WrappingKeyCardProps) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const renameRef = useRef<HTMLButtonElement>(null);
  // Focus goes back to Rename once the list shows the card as it now is: a new label may
  // re-sort the list, and moving a focused element in the DOM drops its focus.
  const [refocus, setRefocus] = useState<{ label: string } | undefined>();
  useEffect(() => {
    if (editing || refocus === undefined || keyView.label !== refocus.label) return;
    setRefocus(undefined);
    requestAnimationFrame(() => renameRef.current?.focus());
  }, [editing, refocus, keyView.label]);
  const announceCopy = (what: string) => (result: 'copied' | 'failed') =>
    onAnnounce(result === 'copied' ? `${what} copied.` : `Could not copy the ${what.toLowerCase()}.`);

  return (
    <article className="card key-card" aria-labelledby={`${id}-label`}>
      <div className="key-card-header">
        {editing ? (
          <RelabelForm
            current={keyView.label}
            onSave={async (label) => {
              await onRelabel(label);
              setEditing(false);
              onAnnounce(`Renamed to “${label}”.`);
              setRefocus({ label });
            }}
            onCancel={() => {
              setEditing(false);
              setRefocus({ label: keyView.label });
            }}
          />
        ) : (
          <h3 id={`${id}-label`} className="key-label">
            {keyView.label}
          </h3>
        )}
        {editing && (
          <span id={`${id}-label`} className="visually-hidden">
            {keyView.label}
          </span>
        )}
        <p className="key-meta">
          RSA-OAEP-SHA256 · {keyView.bits} bits · created <time dateTime={keyView.createdAt}>{keyView.createdAtText}</time>
        </p>
        {!editing && (
          <div className="key-actions">
            <button ref={renameRef} type="button" className="button" aria-label={`Rename ${keyView.label}`} onClick={() => setEditing(true)}>
              Rename
            </button>
            <button type="button" className="button button-danger-outline" aria-label={`Delete ${keyView.label}`} onClick={(e) => onDelete(e.currentTarget)}>
              Delete
            </button>
          </div>
        )}
      </div>

      <table className="report-fields key-fields">
        <tbody>
          <tr>
            <th scope="row">Fingerprint</th>
            <td>
              <code className="report-value mono">{keyView.fingerprint}</code>
            </td>
            <td className="report-copy">
              <CopyButton value={keyView.fingerprint} label="Copy fingerprint" onResult={announceCopy('Fingerprint')} />
            </td>
          </tr>
          <KeyFormRow
            label="Public key (PEM)"
            hint="SubjectPublicKeyInfo"
            value={<pre className="report-value mono long key-pem">{keyView.pem}</pre>}
            text={keyView.pem}
            fileName={keyView.files.pem}
            fileText={keyView.pem}
            mime="application/x-pem-file"
            onCopied={announceCopy('Public key (PEM)')}
          />
          <KeyFormRow
            label="Node config (base64)"
            hint="DER SPKI on one line"
            value={<code className="report-value mono long">{keyView.base64}</code>}
            text={keyView.base64}
            fileName={keyView.files.base64}
            fileText={`${keyView.base64}\n`}
            onCopied={announceCopy('Node config (base64)')}
          />
        </tbody>
      </table>
    </article>
  );
}

interface KeyFormRowProps {
  label: string;
  hint: string;
  value: ReactNode;
  text: string;
  fileName: string;
  fileText: string;
  mime?: string;
  onCopied: (result: 'copied' | 'failed') => void;
}

/** One form of the public key: shown, copyable, downloadable. */
function KeyFormRow({ label, hint, value, text, fileName, fileText, mime, onCopied }: KeyFormRowProps) {
  return (
    <tr>
      <th scope="row">
        {label}
        <span className="hint">{hint}</span>
      </th>
      <td>{value}</td>
      <td className="report-copy">
        <div className="button-stack">
          <CopyButton value={text} label={`Copy ${label.charAt(0).toLowerCase()}${label.slice(1)}`} onResult={onCopied} />
          <button type="button" className="button button-copy" aria-label={`Download ${fileName}`} onClick={() => downloadText(fileName, fileText, mime)}>
            Download
          </button>
        </div>
      </td>
    </tr>
  );
}

function RelabelForm({ current, onSave, onCancel }: { current: string; onSave: (label: string) => Promise<void>; onCancel: () => void }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(current);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = checkLabel(value);
  const message = !check.ok ? check.message : failure;

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!check.ok || busy) return;
    if (check.label === current) {
      onCancel();
      return;
    }
    setBusy(true);
    try {
      await onSave(check.label);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
      setBusy(false);
    }
  }

  return (
    <form className="relabel-form" noValidate aria-label={`Rename ${current}`} onSubmit={(e) => void onSubmit(e)}>
      <label htmlFor={`${id}-input`} className="visually-hidden">
        New label for {current}
      </label>
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="text"
        className="text-input"
        value={value}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={!check.ok}
        aria-describedby={`${id}-help`}
        onChange={(event) => {
          setValue(event.target.value);
          setFailure(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onCancel();
          }
        }}
      />
      <button type="submit" className="button" disabled={!check.ok || busy}>
        Save
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <p id={`${id}-help`} className={message === null ? 'hint' : 'field-error'}>
        {message ?? 'Enter saves, Escape cancels.'}
      </p>
    </form>
  );
}
