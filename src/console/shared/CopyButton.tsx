// A button that copies one value to the clipboard and says whether it worked.
import { useEffect, useState } from 'react';

export interface CopyButtonProps {
  value: string;
  /** Accessible name, e.g. "Copy fingerprint". */
  label: string;
  /** Told "copied" or "failed", for a live region announcement. */
  onResult?: (result: 'copied' | 'failed') => void;
}

export function CopyButton({ value, label, onResult }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      // navigator.clipboard is missing outside secure contexts; that lands in catch.
      await navigator.clipboard.writeText(value);
      setState('copied');
      onResult?.('copied');
    } catch {
      setState('failed');
      onResult?.('failed');
    }
  }

  return (
    <button type="button" className="button button-copy" aria-label={label} data-state={state} onClick={() => void copy()}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
