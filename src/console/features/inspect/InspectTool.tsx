// "Inspect a key": paste, drop or choose a key; see what it is and its fingerprint.
// The key lives only in this component's state: never in the URL, storage or logs.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { CurveName } from '../../../crypto/curves.ts';
import type { InspectOptions } from '../../../crypto/inspect.ts';
import type { KeyInspector } from '../../services.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { CURVE_OPTIONS, DEFAULT_CURVE, isCurveName } from './curve-options.ts';
import { EMPTY_INPUT_FAILURE, describeInspectFailure } from './inspect-failure.ts';
import { InspectErrorPanel } from './InspectErrorPanel.tsx';
import { classifyKeyFile, KeyFileError } from '../../shared/key-file.ts';
import { KeyInput, type LoadedBinaryFile } from '../../shared/KeyInput.tsx';
import { KeyReportPanel } from './KeyReportPanel.tsx';
import { useKeyInspection } from './use-key-inspection.ts';

export function InspectTool({ inspector }: { inspector: KeyInspector }) {
  useDocumentTitle('Inspect a key');
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [text, setText] = useState('');
  const [binaryFile, setBinaryFile] = useState<LoadedBinaryFile | null>(null);
  const [curve, setCurve] = useState<CurveName>(DEFAULT_CURVE);
  // Ed25519 bare bytes are a seed or a scalar; the core refuses to guess, and so do we.
  const [ed25519Hex, setEd25519Hex] = useState<'' | 'seed' | 'scalar'>('');
  const options: InspectOptions = curve === 'Ed25519' && ed25519Hex !== '' ? { curve, ed25519Hex } : { curve };
  const { state, inspect, reset, fail } = useKeyInspection(inspector);

  const curveId = `${id}-curve`;
  const curveHintId = `${id}-curve-hint`;
  const shortcutId = `${id}-shortcut`;

  function replaceBinaryFile(next: LoadedBinaryFile | null) {
    binaryFile?.bytes.fill(0); // best effort: the old bytes may be a private key
    setBinaryFile(next);
  }

  async function loadFiles(files: readonly File[]) {
    reset();
    const [file] = files;
    if (file === undefined) return;
    if (files.length > 1) {
      fail({ message: 'Key file: drop or choose one file at a time.', field: 'key file', tried: [] });
      return;
    }
    try {
      const content = classifyKeyFile(new Uint8Array(await file.arrayBuffer()), file.name);
      if (content.kind === 'text') {
        replaceBinaryFile(null);
        setText(content.text);
      } else {
        replaceBinaryFile({ name: file.name, bytes: content.bytes });
      }
    } catch (error) {
      if (error instanceof KeyFileError) fail({ message: error.message, field: error.field, tried: [] });
      else fail(describeInspectFailure(error));
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.status === 'running') return;
    if (binaryFile !== null) {
      const input = binaryFile.bytes.slice();
      try {
        await inspect(input, options);
      } finally {
        input.fill(0);
      }
      return;
    }
    if (text.trim() === '') {
      fail(EMPTY_INPUT_FAILURE);
      return;
    }
    await inspect(text, options);
  }

  const statusText =
    state.status === 'running'
      ? 'Inspecting…'
      : state.status === 'done'
        ? 'Report ready.'
        : ''; // a failure is announced by the error panel's role="alert"

  return (
    <section aria-labelledby={`${id}-heading`} className="page">
      <h1 id={`${id}-heading`}>Inspect a key</h1>
      <p className="lede">
        See what a private or public key is and its fingerprint. The key is read in this browser only: it is not
        sent anywhere, stored, or put in the address bar.
      </p>

      <form ref={formRef} className="card inspect-form" aria-label="Key to inspect" noValidate onSubmit={(e) => void onSubmit(e)}>
        <KeyInput
          text={text}
          onTextChange={(next) => {
            setText(next);
            reset();
          }}
          binaryFile={binaryFile}
          onClearFile={() => {
            replaceBinaryFile(null);
            reset();
          }}
          onFiles={(files) => void loadFiles(files)}
          onSubmitShortcut={() => formRef.current?.requestSubmit()}
          describedBy={shortcutId}
        />

        <div className="field field-inline">
          <label htmlFor={curveId} className="field-label">
            Curve
          </label>
          <select
            id={curveId}
            value={curve}
            aria-describedby={curveHintId}
            onChange={(event) => {
              if (isCurveName(event.target.value)) setCurve(event.target.value);
              reset();
            }}
          >
            {CURVE_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <p id={curveHintId} className="hint">
            Only used for a bare hex private key; every other format names its own curve.
          </p>
        </div>

        {curve === 'Ed25519' && (
          <div className="field field-inline">
            <label htmlFor={`${id}-ed25519`} className="field-label">
              Bare Ed25519 key is a
            </label>
            <select
              id={`${id}-ed25519`}
              value={ed25519Hex}
              aria-describedby={`${id}-ed25519-hint`}
              onChange={(event) => {
                const v = event.target.value;
                setEd25519Hex(v === 'seed' || v === 'scalar' ? v : '');
                reset();
              }}
            >
              <option value="">Choose…</option>
              <option value="seed">Seed (RFC 8032, as wallets hold it)</option>
              <option value="scalar">Scalar (as Keyferry exports it)</option>
            </select>
            <p id={`${id}-ed25519-hint`} className="hint">
              32 bare bytes are a valid key either way, with different public keys, so say which this is.
            </p>
          </div>
        )}

        <div className="form-actions">
          <button type="submit" className="button button-primary" aria-busy={state.status === 'running'}>
            {state.status === 'running' ? 'Inspecting…' : 'Inspect'}
          </button>
          <span id={shortcutId} className="hint">
            or press <kbd>Ctrl</kbd>+<kbd>Enter</kbd> in the key box
          </span>
          <p role="status" className="visually-hidden">
            {statusText}
          </p>
        </div>
      </form>

      {state.status === 'failed' && <InspectErrorPanel failure={state.failure} />}
      {state.status === 'done' && <KeyReportPanel report={state.report} />}
    </section>
  );
}
