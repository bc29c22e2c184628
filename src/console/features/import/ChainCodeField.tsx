// The optional BIP32 chain code for a key that does not carry one (an xprv does): 64 hex
// digits, checked as typed.
import { useId } from 'react';

/** A chain code typed by the operator: undefined when acceptable (or empty). */
export function checkChainCode(text: string, keyHasOne: boolean): string | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  if (keyHasOne) return 'The key already carries a chain code; leave this empty.';
  if (!/^[0-9a-fA-F]*$/.test(value)) return 'A chain code is hexadecimal (0–9, a–f).';
  if (value.length !== 64) return `A chain code is 32 bytes: 64 hex digits; this has ${value.length}.`;
  return undefined;
}

export function ChainCodeField({ value, problem, onChange }: { value: string; problem: string | undefined; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={`${id}-chain`} className="field-label">
        Chain code (optional, BIP32)
      </label>
      <input
        id={`${id}-chain`}
        className="mono wide-input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-chain-hint`}
        aria-invalid={problem !== undefined}
        spellCheck={false}
        autoComplete="off"
      />
      <p id={`${id}-chain-hint`} className={problem === undefined ? 'hint' : 'field-error'}>
        {problem ?? '64 hex digits, when the key is a BIP32 node whose chain code you hold separately. An xprv carries its own.'}
      </p>
    </div>
  );
}
