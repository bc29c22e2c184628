// The recovered private key, after the operator confirmed: verified against the site's
// public key, offered in the format they choose (only those that make sense for the
// curve), with copy and download, and Forget. It arrives already encoded from the recovery
// worker (which zeroed the scalar); the texts live only in the parent's state, and
// unmounting or Forget drops them (best effort: strings cannot be wiped).
import { useId, useState } from 'react';
import type { PrivateKeyOutputFormat } from '../../shared/core-types.ts';
import { CopyButton } from '../../shared/CopyButton.tsx';
import type { SiteKey } from '../keys/site-keys.ts';
import { downloadText } from '../../shared/download.ts';
import { defaultFormat, formatOptions, privateKeyFileName } from './formats.ts';
import type { EncodedKey, RecoveredKeyText } from './recover.ts';

export function RecoveredKeyPanel({ siteName, siteKey, recovered, onForget }: { siteName: string; siteKey: SiteKey; recovered: RecoveredKeyText; onForget: () => void }) {
  const id = useId();
  const options = formatOptions(recovered.curve);
  const [format, setFormat] = useState<PrivateKeyOutputFormat>(defaultFormat(recovered.curve));
  const [copied, setCopied] = useState('');
  const encoded: EncodedKey = recovered.encoded[format] ?? { ok: false, message: `no ${format} form was made for this ${recovered.curve} key` };
  const text = encoded.ok ? { ok: true as const, value: encoded.text } : encoded;
  const label = options.find((o) => o.format === format)!.label;

  return (
    <section aria-labelledby={`${id}-heading`} className="card export-recovered">
      <h3 id={`${id}-heading`}>Private key of {siteKey.keyId}</h3>
      <p role="status" className="callout callout-ok" data-testid="recovered-verified">
        Recovered and verified: the shares of every node, unwrapped in this browser and recombined, give a private key whose public key is site {siteName}’s
        public key for {siteKey.keyId} (fingerprint <span className="mono">{siteKey.fingerprint.slice(0, 16)}…</span>).
      </p>
      {recovered.curve === 'Ed25519' && <Ed25519Note />}
      <fieldset className="mode-switch">
        <legend>Format</legend>
        {options.map((o) => (
          <label key={o.format} title={o.why}>
            <input type="radio" name={`${id}-format`} checked={format === o.format} disabled={!o.available} onChange={() => setFormat(o.format)} /> {o.label}
            {!o.available && <span className="visually-hidden"> (not available: {o.why})</span>}
          </label>
        ))}
      </fieldset>
      {options.some((o) => !o.available) && (
        <ul className="muted export-format-why">
          {options
            .filter((o) => !o.available)
            .map((o) => (
              <li key={o.format}>
                No {o.label}: {o.why}.
              </li>
            ))}
        </ul>
      )}
      {text.ok ? (
        <>
          <label htmlFor={`${id}-text`} className="field-label">
            Private key ({label})
          </label>
          <textarea id={`${id}-text`} className="text-input mono export-secret" readOnly rows={Math.min(12, text.value.split('\n').length + 1)} spellCheck={false} autoComplete="off" value={text.value} />
          <div className="form-actions">
            <CopyButton value={text.value} label={`Copy the private key (${label})`} onResult={(r) => setCopied(r === 'copied' ? 'Copied to the clipboard.' : 'Copy failed.')} />
            <button type="button" className="button" onClick={() => downloadText(privateKeyFileName(siteKey.keyId, format), text.value, format === 'jwk' ? 'application/json' : 'text/plain')}>
              Download ({privateKeyFileName(siteKey.keyId, format)})
            </button>
            <button type="button" className="button button-danger" onClick={onForget}>
              Forget
            </button>
          </div>
          <p role="status" className="muted">
            {copied}
          </p>
        </>
      ) : (
        <p role="alert" className="field-error">
          {text.message}
        </p>
      )}
    </section>
  );
}

function Ed25519Note() {
  return (
    <div className="callout callout-warn" data-testid="ed25519-note">
      <p>
        <strong>This is the Ed25519 scalar, not the original seed.</strong> A site holds and exports the clamped scalar s = clamp(SHA-512(seed)[0..32]) mod ℓ;
        the 32-byte seed the key may once have come from cannot be recovered from it. The public key is the same, but software that expects a seed (RFC 8032
        wallets, PKCS#8, JWK) would derive a different key from these bytes.
      </p>
      <p>
        So only hex is offered: the scalar as 32 bytes, big-endian (the bundle’s byte order; Ed25519 libraries that take a scalar usually want it
        little-endian — reverse the bytes). To import it into Keyferry again, say it is a scalar (<span className="mono">--ed25519-hex scalar</span>).
      </p>
    </div>
  );
}
