// "Inspect a key": paste, drop or choose a key; see what it is and its fingerprint.
// The key lives only in usePlaintextKey (zeroed when cleared, replaced or the page is left):
// never in the URL, storage or logs.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { CurveName } from '../../shared/core-types.ts';
import type { KeyInspector } from '../../services.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { DEFAULT_CURVE } from '../../shared/curve-options.ts';
import { CurveChoice, curveOptions, type Ed25519Reading } from '../../shared/CurveChoice.tsx';
import { EMPTY_INPUT_FAILURE, describeInspectFailure } from './inspect-failure.ts';
import { InspectErrorPanel } from './InspectErrorPanel.tsx';
import { KeyFileError } from '../../shared/key-file.ts';
import { KeyInput } from '../../shared/KeyInput.tsx';
import { usePlaintextKey } from '../../shared/use-plaintext-key.ts';
import { KeyReportPanel } from './KeyReportPanel.tsx';
import { useKeyInspection } from './use-key-inspection.ts';

export function InspectTool({ inspector }: { inspector: KeyInspector }) {
  useDocumentTitle('Inspect a key');
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const plaintext = usePlaintextKey();
  const [curve, setCurve] = useState<CurveName>(DEFAULT_CURVE);
  // Ed25519 bare bytes are a seed or a scalar; the core refuses to guess, and so do we.
  const [ed25519Hex, setEd25519Hex] = useState<Ed25519Reading>('');
  const options = curveOptions(curve, ed25519Hex);
  const { state, inspect, reset, fail } = useKeyInspection(inspector);

  const shortcutId = `${id}-shortcut`;

  async function loadFiles(files: readonly File[]) {
    reset();
    const error = await plaintext.loadFiles(files);
    if (error === undefined) return;
    if (error instanceof KeyFileError) fail({ message: error.message, field: error.field, tried: [] });
    else fail(describeInspectFailure(error));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.status === 'running') return;
    const input = plaintext.input;
    if (input instanceof Uint8Array) {
      const copy = input.slice(); // the core's copy, zeroed after; the hook keeps its own
      try {
        await inspect(copy, options);
      } finally {
        copy.fill(0);
      }
      return;
    }
    if (input === null) {
      fail(EMPTY_INPUT_FAILURE);
      return;
    }
    await inspect(input, options);
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
          text={plaintext.text}
          onTextChange={(next) => {
            plaintext.setText(next);
            reset();
          }}
          binaryFile={plaintext.binaryFile}
          onClearFile={() => {
            plaintext.clearFile();
            reset();
          }}
          onFiles={(files) => void loadFiles(files)}
          onSubmitShortcut={() => formRef.current?.requestSubmit()}
          describedBy={shortcutId}
        />

        <CurveChoice
          curve={curve}
          ed25519Hex={ed25519Hex}
          onChange={(nextCurve, nextReading) => {
            setCurve(nextCurve);
            setEd25519Hex(nextReading);
            reset();
          }}
        />

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
