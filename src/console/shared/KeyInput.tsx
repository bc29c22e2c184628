// The key box: a labelled textarea that also takes a dropped key file, and a file
// chooser. Text files land in the box; binary (DER) files are held as bytes and shown
// as a chip. The textarea has no `name`, so its content can never ride a form submission.
import { useId, useState, type DragEvent, type KeyboardEvent } from 'react';
import { formatBytes } from './key-file.ts';
import { privateKeyRefusal } from './private-key-guard.ts';

export interface LoadedBinaryFile {
  name: string;
  bytes: Uint8Array;
}

export interface KeyInputProps {
  text: string;
  onTextChange: (text: string) => void;
  binaryFile: LoadedBinaryFile | null;
  onClearFile: () => void;
  onFiles: (files: readonly File[]) => void;
  /** Ctrl+Enter (⌘+Enter) in the box. */
  onSubmitShortcut: () => void;
  describedBy?: string;
  /** Defaults fit a private key; the whitelist manager asks for a public key. */
  label?: string;
  hint?: string;
  placeholder?: string;
  /** A box for a public key: a private key typed or pasted into it is refused and cleared at once. */
  publicKeyOnly?: boolean;
}

const DEFAULT_HINT =
  'PEM or DER (PKCS #8, SEC 1, PKCS #1, SPKI), JWK, WIF, BIP32 xprv/tprv, base64 or bare hex. You can drop a key file here.';

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

export function KeyInput(props: KeyInputProps) {
  const { text, onTextChange, binaryFile, onClearFile, onFiles, onSubmitShortcut, describedBy } = props;
  const { label = 'Key', hint = DEFAULT_HINT, placeholder = '-----BEGIN PRIVATE KEY-----' } = props;
  const id = useId();
  const [dragging, setDragging] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const textId = `${id}-key`;
  const hintId = `${id}-key-hint`;
  const refusalId = `${id}-key-refused`;

  function onChange(value: string) {
    const refused = props.publicKeyOnly === true ? privateKeyRefusal(value, 'The pasted text') : undefined;
    setRefusal(refused ?? null);
    // The secret never stays in the box: it is emptied in the same render.
    onTextChange(refused === undefined ? value : '');
  }
  const fileId = `${id}-file`;

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSubmitShortcut();
    }
  }

  function onDragOver(event: DragEvent<HTMLDivElement>) {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  }

  function onDragLeave(event: DragEvent<HTMLDivElement>) {
    if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
    setDragging(false);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    setDragging(false);
    if (!hasFiles(event)) return; // dropped text goes into the box as usual
    event.preventDefault();
    onFiles(Array.from(event.dataTransfer.files));
  }

  return (
    <div className="field">
      <label htmlFor={textId} className="field-label">
        {label}
      </label>
      <p id={hintId} className="hint">
        {hint}
      </p>
      <div
        className="dropzone"
        data-dragging={dragging ? 'true' : undefined}
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        <textarea
          id={textId}
          className="key-text mono"
          rows={9}
          value={text}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          disabled={binaryFile !== null}
          placeholder={binaryFile !== null ? 'A binary key file is loaded. Clear it to paste text.' : placeholder}
          aria-describedby={[hintId, refusal === null ? undefined : refusalId, describedBy].filter(Boolean).join(' ')}
          spellCheck={false}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          translate="no"
        />
      </div>
      {refusal !== null && (
        <p id={refusalId} role="alert" className="field-error" data-testid="private-key-refused">
          {refusal}
        </p>
      )}
      {binaryFile !== null && (
        <p className="file-chip">
          <span>
            Loaded <strong>{binaryFile.name}</strong> ({formatBytes(binaryFile.bytes.length)}, binary). It is used
            instead of the text box.
          </span>
          <button type="button" className="button" onClick={onClearFile}>
            Clear file
          </button>
        </p>
      )}
      <div className="file-field">
        <label htmlFor={fileId}>Or load a key file</label>
        <input
          id={fileId}
          type="file"
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            // Let the same file be chosen again after a change.
            event.target.value = '';
            if (files.length > 0) onFiles(files);
          }}
        />
      </div>
    </div>
  );
}
