// The two choices a bare hex (or raw) private key needs, because the text cannot reveal
// them: its curve, and for Ed25519 whether the 32 bytes are a seed or a scalar. Used by
// Inspect and by the import wizard.
import { useId } from 'react';
import type { CurveName, InspectOptions } from './core-types.ts';
import { CURVE_OPTIONS, isCurveName } from './curve-options.ts';

export type Ed25519Reading = '' | 'seed' | 'scalar';

export interface CurveChoiceProps {
  curve: CurveName;
  ed25519Hex: Ed25519Reading;
  onChange: (curve: CurveName, ed25519Hex: Ed25519Reading) => void;
}

/** The core's options for these choices (the Ed25519 reading only once it is made). */
export function curveOptions(curve: CurveName, ed25519Hex: Ed25519Reading): InspectOptions {
  return curve === 'Ed25519' && ed25519Hex !== '' ? { curve, ed25519Hex } : { curve };
}

export function CurveChoice({ curve, ed25519Hex, onChange }: CurveChoiceProps) {
  const id = useId();
  return (
    <>
      <div className="field field-inline">
        <label htmlFor={`${id}-curve`} className="field-label">
          Curve
        </label>
        <select
          id={`${id}-curve`}
          value={curve}
          aria-describedby={`${id}-curve-hint`}
          onChange={(event) => {
            if (isCurveName(event.target.value)) onChange(event.target.value, ed25519Hex);
          }}
        >
          {CURVE_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <p id={`${id}-curve-hint`} className="hint">
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
              onChange(curve, v === 'seed' || v === 'scalar' ? v : '');
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
    </>
  );
}
