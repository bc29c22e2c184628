// Generate a wrapping key: label (checked as it is typed), size, and an indeterminate
// progress bar with elapsed seconds while the worker runs (Web Crypto reports no progress).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { DEFAULT_RSA_KEY_SIZE, isRsaKeySize, RSA_KEY_SIZES, type RsaKeySize } from './rsa-keygen.ts';
import { checkLabel, MAX_LABEL_LENGTH } from './label.ts';
import { describeWrappingKeyFailure, type WrappingKeyService } from './wrapping-key-service.ts';
import type { WrappingKeyView } from './view-model.ts';

type Generation = { status: 'idle' } | { status: 'running'; bits: RsaKeySize; startedAt: number } | { status: 'failed'; message: string } | { status: 'done'; key: WrappingKeyView };

export function GenerateKeyForm({ service, onGenerated }: { service: WrappingKeyService; onGenerated: (key: WrappingKeyView) => void }) {
  const id = useId();
  const [label, setLabel] = useState('');
  const [touched, setTouched] = useState(false);
  const [bits, setBits] = useState<RsaKeySize>(DEFAULT_RSA_KEY_SIZE);
  const [generation, setGeneration] = useState<Generation>({ status: 'idle' });
  const [elapsed, setElapsed] = useState(0);
  const check = checkLabel(label);
  const running = generation.status === 'running';
  const showError = touched && !check.ok;

  useEffect(() => {
    if (generation.status !== 'running') return;
    setElapsed(0);
    const timer = setInterval(() => setElapsed(Math.floor((Date.now() - generation.startedAt) / 1000)), 250);
    return () => clearInterval(timer);
  }, [generation]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTouched(true);
    if (running || !check.ok) return;
    setGeneration({ status: 'running', bits, startedAt: Date.now() });
    try {
      const key = await service.generate(check.label, bits);
      setGeneration({ status: 'done', key });
      setLabel('');
      setTouched(false);
      onGenerated(key);
    } catch (error) {
      setGeneration({ status: 'failed', message: describeWrappingKeyFailure(error) });
    }
  }

  return (
    <form className="card generate-form" aria-labelledby={`${id}-heading`} noValidate onSubmit={(e) => void onSubmit(e)}>
      <h2 id={`${id}-heading`}>Generate a wrapping key</h2>
      <div className="field">
        <label htmlFor={`${id}-label`} className="field-label">
          Label
        </label>
        <p id={`${id}-label-hint`} className="hint">
          What you call this key: 1–{MAX_LABEL_LENGTH} characters, e.g. the site or person it is for.
        </p>
        <input
          id={`${id}-label`}
          type="text"
          className="text-input"
          value={label}
          maxLength={MAX_LABEL_LENGTH * 2}
          autoComplete="off"
          spellCheck={false}
          disabled={running}
          aria-invalid={showError}
          aria-describedby={showError ? `${id}-label-hint ${id}-label-error` : `${id}-label-hint`}
          onChange={(event) => {
            setLabel(event.target.value);
            setTouched(true);
          }}
        />
        {showError && (
          <p id={`${id}-label-error`} className="field-error">
            {check.message}
          </p>
        )}
      </div>
      <div className="field field-inline">
        <label htmlFor={`${id}-bits`} className="field-label">
          Key size
        </label>
        <select
          id={`${id}-bits`}
          value={bits}
          disabled={running}
          aria-describedby={`${id}-bits-hint`}
          onChange={(event) => {
            const next = Number(event.target.value);
            if (isRsaKeySize(next)) setBits(next);
          }}
        >
          {RSA_KEY_SIZES.map((size) => (
            <option key={size} value={size}>
              {size} bits{size === DEFAULT_RSA_KEY_SIZE ? ' (recommended)' : ''}
            </option>
          ))}
        </select>
        <p id={`${id}-bits-hint`} className="hint">
          RSA-OAEP with SHA-256. Larger keys take longer to generate: 4096 bits can take several seconds.
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!check.ok || running} aria-busy={running}>
          {running ? 'Generating…' : 'Generate'}
        </button>
        {running && (
          <div className="generate-progress">
            <progress aria-label={`Generating a ${generation.bits}-bit key`} />
            <span className="hint">{elapsed} s</span>
          </div>
        )}
      </div>
      <p role="status" className="status-line">
        {generation.status === 'running'
          ? `Generating a ${generation.bits}-bit RSA key in the background; the page stays usable.`
          : generation.status === 'done'
            ? `Generated “${generation.key.label}” (fingerprint ${generation.key.shortFingerprint}…).`
            : ''}
      </p>
      {generation.status === 'failed' && (
        <p role="alert" className="field-error">
          Could not generate the key. {generation.message}
        </p>
      )}
    </form>
  );
}
