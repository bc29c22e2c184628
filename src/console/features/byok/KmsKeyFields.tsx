// The target's side of the BYOK page: its wrapping key (pasted or dropped; fingerprint in
// groups for the out-of-band check, RSA size, the warnings the method implies), or for IBM
// the import token (its key's fingerprint, expiry and remaining retrievals; an expired or
// used-up token is refused here, before any work).
import { useId } from 'react';
import { KeyInput } from '../../shared/KeyInput.tsx';
import type { PlaintextKey } from '../../shared/use-plaintext-key.ts';
import { TARGET_NAMES, wrappingKeyWarnings, type ByokTarget } from './target-facts.ts';
import type { ImportTokenInfo, WrappingKeyInfo } from './wrapping-key-info.ts';

function KeyFacts({ info, target, algorithm }: { info: WrappingKeyInfo; target: ByokTarget; algorithm: string }) {
  if (!info.ok) {
    return (
      <p role="alert" className="callout callout-error" data-testid="byok-wrapping-key-error">
        {info.message}
      </p>
    );
  }
  const warnings = wrappingKeyWarnings(target, algorithm, info.bits);
  return (
    <div className="card byok-key-facts" data-testid="byok-wrapping-key">
      <p>
        RSA {info.bits}-bit wrapping key. Check this fingerprint against the one {TARGET_NAMES[target]} shows before you send anything:
      </p>
      <p className="mono byok-fingerprint" aria-label="Wrapping key fingerprint (SHA-256)">
        {info.grouped}
      </p>
      {warnings.length > 0 && (
        <ul className="byok-warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function WrappingKeyField({ box, info, target, algorithm }: { box: PlaintextKey; info: WrappingKeyInfo | undefined; target: ByokTarget; algorithm: string }) {
  return (
    <>
      <KeyInput
        label={`${TARGET_NAMES[target]} wrapping key`}
        hint="The RSA public key the KMS gave you for this import (PEM or DER, SPKI or PKCS #1). You can drop the file here."
        placeholder="-----BEGIN PUBLIC KEY-----"
        text={box.text}
        onTextChange={box.setText}
        binaryFile={box.binaryFile}
        onClearFile={box.clearFile}
        onFiles={(files) => void box.loadFiles(files)}
        onSubmitShortcut={() => undefined}
        publicKeyOnly
      />
      {box.fileError && <p role="alert" className="callout callout-error">{box.fileError}</p>}
      {info && <KeyFacts info={info} target={target} algorithm={algorithm} />}
    </>
  );
}

export function ImportTokenField({ text, onChange, info, algorithm }: { text: string; onChange: (t: string) => void; info: ImportTokenInfo | undefined; algorithm: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={`${id}-token`} className="field-label">
        Import token
      </label>
      <p id={`${id}-hint`} className="hint">
        The JSON answer of GET /api/v2/import_token (ibmcloud kp import-token show): its public key and nonce.
      </p>
      <textarea
        id={`${id}-token`}
        className="key-text mono"
        rows={5}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-hint`}
        spellCheck={false}
        autoComplete="off"
      />
      {info && info.key.ok && (
        <dl className="byok-token-facts" data-testid="byok-token-facts">
          <dt>Expires</dt>
          <dd>{info.expiresAt ? info.expiresAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'not stated in the token'}</dd>
          <dt>Retrievals left</dt>
          <dd>{info.remainingRetrievals ?? 'not stated in the token'}</dd>
        </dl>
      )}
      {info?.problem && (
        <p role="alert" className="callout callout-error" data-testid="byok-token-problem">
          {info.problem}
        </p>
      )}
      {info && <KeyFacts info={info.key} target="ibm" algorithm={algorithm} />}
    </div>
  );
}
