// The recovered private key, after the operator confirmed: verified against the site's
// public key, offered in the format they choose (only those that make sense for the
// curve), with copy and download, and Forget. The key lives only in this component's state
// (and the parent's): unmounting or Forget drops it and zeroes the scalar bytes (best
// effort: the encoded strings cannot be wiped).
import { useId, useMemo, useState } from 'react';
import { encodePrivateKey, type PrivateKeyOutputFormat } from '../../../crypto/private-key/encode.ts';
import type { PrivateKey } from '../../../crypto/private-key/types.ts';
import { CopyButton } from '../../shared/CopyButton.tsx';
import type { SiteKey } from '../keys/site-keys.ts';
import { downloadText } from '../../shared/download.ts';
import { defaultFormat, formatOptions, privateKeyFileName } from './formats.ts';

export function RecoveredKeyPanel({ siteName, siteKey, privateKey, onForget }: { siteName: string; siteKey: SiteKey; privateKey: PrivateKey; onForget: () => void }) {
  const id = useId();
  const options = formatOptions(privateKey.curve);
  const [format, setFormat] = useState<PrivateKeyOutputFormat>(defaultFormat(privateKey.curve));
  const [copied, setCopied] = useState('');
  const text = useMemo(() => {
    try {
      return { ok: true as const, value: encodePrivateKey(privateKey, format) };
    } catch (e) {
      return { ok: false as const, message: (e as Error).message };
    }
  }, [privateKey, format]);
  const label = options.find((o) => o.format === format)!.label;

  return (
    <section aria-labelledby={`${id}-heading`} className="card export-recovered">
      <h3 id={`${id}-heading`}>Private key of {siteKey.keyId}</h3>
      <p role="status" className="callout callout-ok" data-testid="recovered-verified">
        Recovered and verified: the shares of every node, unwrapped in this browser and recombined, give a private key whose public key is site {siteName}’s
        public key for {siteKey.keyId} (fingerprint <span className="mono">{siteKey.fingerprint.slice(0, 16)}…</span>).
      </p>
      {privateKey.curve === 'Ed25519' && <Ed25519Note />}
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
