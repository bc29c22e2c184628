// "Add a key" to a draft whitelist, four ways: paste (PEM SPKI, PEM PKCS#1, base64 DER),
// a dropped or chosen file, another node's wrapping key, or a browser wrapping key. Pasted
// and loaded keys are read by the crypto core as the operator types; nothing joins the
// draft until it parsed as an RSA public key that is not already listed.
import { Link } from '@tanstack/react-router';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { KeyFileError, readOneKeyFile } from '../../shared/key-file.ts';
import { KeyInput, type LoadedBinaryFile } from '../../shared/KeyInput.tsx';
import { privateKeyRefusal } from '../../shared/private-key-guard.ts';
import { shortFingerprint } from '../dashboard/node-status.ts';
import { readCandidate, type CandidateResult } from './candidate.ts';
import type { Entry } from './draft.ts';
import { describeOrigin, type KnownKey } from './origins.ts';
import type { PairingVerdict } from './pairing-warnings.ts';

type Mode = 'paste' | 'node' | 'browser';

export interface AddKeyPanelProps {
  /** Fingerprints already on the draft. */
  listed: ReadonlySet<string>;
  /** The node being edited: its own keys are not offered. */
  self: { site: string; index: number };
  knownKeys: readonly KnownKey[];
  origins: Map<string, string[]>;
  disabledReason?: string | undefined;
  /** Adds to the draft; returns a refusal in words, or undefined when added. */
  onAdd: (entry: Entry) => string | undefined;
  /** For a paired node: what a key (by fingerprint) means for the pairing, shown before it is added. */
  pairingCheck?: ((fingerprint: string) => PairingVerdict | undefined) | undefined;
}

/** The pairing's word on a candidate key: a warning when it breaks the pairing. */
function PairingCheck({ verdict }: { verdict: PairingVerdict | undefined }) {
  if (verdict === undefined) return null;
  return (
    <p className={verdict.warn ? 'field-warn pairing-warning' : 'field-ok'} data-testid="pairing-check">
      {verdict.warn ? 'Pairing warning: ' : 'Pairing: '}
      {verdict.text}
    </p>
  );
}

export function AddKeyPanel(props: AddKeyPanelProps) {
  const id = useId();
  const [mode, setMode] = useState<Mode>('paste');
  const modes: Array<[Mode, string]> = [
    ['paste', 'Paste or load a file'],
    ['node', 'A node’s wrapping key'],
    ['browser', 'A browser wrapping key'],
  ];
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add a key</h2>
      {props.disabledReason !== undefined ? (
        <p className="muted">{props.disabledReason}</p>
      ) : (
        <>
          <fieldset className="mode-switch">
            <legend>Where the key comes from</legend>
            {modes.map(([value, label]) => (
              <label key={value}>
                <input type="radio" name={`${id}-mode`} value={value} checked={mode === value} onChange={() => setMode(value)} /> {label}
              </label>
            ))}
          </fieldset>
          {mode === 'paste' && <PasteOrFile {...props} />}
          {mode === 'node' && (
            <KeyPicker
              {...props}
              what="node wrapping key"
              keys={props.knownKeys.filter((k) => k.source.kind === 'node' && k.source.status === 'active' && !(k.source.site === props.self.site && k.source.index === props.self.index))}
              empty={<p className="callout">No other node’s wrapping key is known. Connect the site whose nodes should receive exports.</p>}
            />
          )}
          {mode === 'browser' && (
            <KeyPicker
              {...props}
              what="browser wrapping key"
              keys={props.knownKeys.filter((k) => k.source.kind === 'browser')}
              empty={
                <p className="callout">
                  This browser has no wrapping keys yet. <Link to="/wrapping-keys">Generate one</Link>, then come back.
                </p>
              }
            />
          )}
        </>
      )}
    </section>
  );
}

function verdict(result: CandidateResult | undefined, listed: ReadonlySet<string>): { ok: boolean; text: string } | undefined {
  if (result === undefined) return undefined;
  if (!result.ok) return { ok: false, text: result.message };
  const fp = result.entry.fingerprint!;
  if (listed.has(fp)) return { ok: false, text: `This key (fingerprint ${shortFingerprint(fp)}…) is already on the whitelist.` };
  return { ok: true, text: `Reads as ${result.format}: RSA ${result.entry.rsaBits} bits, fingerprint ${shortFingerprint(fp)}….` };
}

function PasteOrFile({ listed, origins, onAdd, pairingCheck }: AddKeyPanelProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [binaryFile, setBinaryFile] = useState<LoadedBinaryFile | null>(null);
  /** Name of the file the text came from, until the operator edits it. */
  const [textFile, setTextFile] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [addError, setAddError] = useState<string | null>(null);

  const result = useMemo(() => {
    if (binaryFile !== null) return readCandidate(binaryFile.bytes, `File "${binaryFile.name}"`);
    if (text.trim() === '') return undefined;
    return readCandidate(text, textFile === null ? 'The pasted text' : `File "${textFile}"`);
  }, [text, binaryFile, textFile]);
  const check = fileError !== null ? { ok: false, text: fileError } : verdict(result, listed);
  const origin = result?.ok ? origins.get(result.entry.fingerprint!) : undefined;

  async function loadFiles(files: readonly File[]) {
    setFileError(null);
    setAddError(null);
    try {
      const content = await readOneKeyFile(files);
      const refused = content === undefined ? undefined : privateKeyRefusal(content.kind === 'text' ? content.text : content.bytes, `File "${content.name}"`);
      if (refused !== undefined) {
        // A private key file is never put in the box nor held: only the refusal remains.
        setText('');
        setTextFile(null);
        setBinaryFile(null);
        setFileError(refused);
      } else if (content?.kind === 'text') {
        setBinaryFile(null);
        setText(content.text);
        setTextFile(content.name);
      } else if (content?.kind === 'binary') {
        setBinaryFile({ name: content.name, bytes: content.bytes });
      }
    } catch (error) {
      setFileError(error instanceof KeyFileError ? error.message : String(error));
    }
  }

  function add() {
    if (!result?.ok || !check?.ok) return;
    const refused = onAdd(result.entry);
    if (refused !== undefined) return setAddError(refused);
    setText('');
    setTextFile(null);
    setBinaryFile(null);
    setAddError(null);
  }

  return (
    <div>
      <KeyInput
        text={text}
        onTextChange={(t) => {
          setText(t);
          setTextFile(null);
          setFileError(null);
          setAddError(null);
        }}
        binaryFile={binaryFile}
        onClearFile={() => setBinaryFile(null)}
        onFiles={(files) => void loadFiles(files)}
        onSubmitShortcut={add}
        describedBy={`${id}-check`}
        label="RSA public key"
        hint="PEM SubjectPublicKeyInfo (BEGIN PUBLIC KEY), PEM PKCS#1 (BEGIN RSA PUBLIC KEY), or one-line base64 DER as node configs hold it. You can drop a key file here. Ctrl+Enter adds it."
        placeholder="-----BEGIN PUBLIC KEY-----"
        publicKeyOnly
      />
      <div id={`${id}-check`} aria-live="polite">
        {check !== undefined && (
          <p className={check.ok ? 'field-ok' : 'field-error'} data-testid="candidate-check">
            {check.text}
            {origin !== undefined && ` Known as: ${origin.join('; ')}.`}
          </p>
        )}
        {check?.ok === true && result?.ok === true && <PairingCheck verdict={pairingCheck?.(result.entry.fingerprint!)} />}
        {addError !== null && <p className="field-error">{addError}</p>}
      </div>
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={!check?.ok} onClick={add}>
          Add to draft
        </button>
      </div>
    </div>
  );
}

interface KeyPickerProps extends AddKeyPanelProps {
  what: string;
  keys: readonly KnownKey[];
  empty: ReactNode;
}

function KeyPicker({ what, keys, empty, listed, onAdd, pairingCheck }: KeyPickerProps) {
  const id = useId();
  const [chosen, setChosen] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  if (keys.length === 0) return <>{empty}</>;
  const selected = keys.find((k) => k.fingerprint === chosen);

  function add() {
    if (selected === undefined) return;
    const result = readCandidate(selected.spki, describeOrigin(selected));
    const refused = result.ok ? onAdd(result.entry) : result.message;
    setMessage(refused ?? null);
    if (refused === undefined) setChosen('');
  }

  return (
    <div className="field">
      <label htmlFor={`${id}-pick`} className="field-label">
        Choose a {what}
      </label>
      <select id={`${id}-pick`} value={chosen} onChange={(e) => (setChosen(e.target.value), setMessage(null))} aria-describedby={`${id}-msg`}>
        <option value="">— choose —</option>
        {keys.map((k) => (
          <option key={`${k.fingerprint}-${describeOrigin(k)}`} value={k.fingerprint} disabled={listed.has(k.fingerprint)}>
            {describeOrigin(k)} — RSA {k.bits} — {shortFingerprint(k.fingerprint)}…{listed.has(k.fingerprint) ? ' (already listed)' : ''}
          </option>
        ))}
      </select>
      <div id={`${id}-msg`} aria-live="polite">
        {message !== null && <p className="field-error">{message}</p>}
        {selected !== undefined && <PairingCheck verdict={pairingCheck?.(selected.fingerprint)} />}
      </div>
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={selected === undefined} onClick={add}>
          Add to draft
        </button>
      </div>
    </div>
  );
}
