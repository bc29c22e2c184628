// Source 1 of the BYOK page: a key the operator already has, pasted or dropped. A private
// key in any format the core reads (RSA private keys as PKCS#8 or PKCS#1 too), or a bare
// AES/HMAC key in hex or base64. The box is the only place the page holds it, and is
// cleared when the key has been wrapped or the page is left.
import { useId } from 'react';
import { KeyInput } from '../../shared/KeyInput.tsx';
import type { PlaintextKey } from '../../shared/use-plaintext-key.ts';

export type ExternalKind = 'private' | 'symmetric' | 'hmac';

export function ExternalKeySource({ box, kind, onKind, onSubmit }: { box: PlaintextKey; kind: ExternalKind; onKind: (k: ExternalKind) => void; onSubmit: () => void }) {
  const id = useId();
  return (
    <div className="byok-external">
      <div className="field">
        <label htmlFor={`${id}-kind`} className="field-label">
          The key is
        </label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => onKind(e.target.value as ExternalKind)}>
          <option value="private">A private key (EC, Ed25519 seed, RSA)</option>
          <option value="symmetric">An AES key (hex or base64)</option>
          <option value="hmac">An HMAC key (hex or base64)</option>
        </select>
      </div>
      <KeyInput
        label="Key to send"
        {...(kind === 'private'
          ? {}
          : { hint: 'The raw key bytes as hex or base64, or a binary file of exactly the key.', placeholder: '00112233…' })}
        text={box.text}
        onTextChange={box.setText}
        binaryFile={box.binaryFile}
        onClearFile={box.clearFile}
        onFiles={(files) => void box.loadFiles(files)}
        onSubmitShortcut={onSubmit}
      />
      {box.fileError && <p role="alert" className="callout callout-error">{box.fileError}</p>}
    </div>
  );
}
