// "Browser wrapping keys": generate RSA-OAEP key pairs whose private key never leaves this
// browser (non-extractable CryptoKey in IndexedDB), and hand out their public keys.
// Keys and labels never go into the URL or localStorage.
import { useId, useState } from 'react';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { DeleteKeyDialog } from './DeleteKeyDialog.tsx';
import { GenerateKeyForm } from './GenerateKeyForm.tsx';
import { useWrappingKeys } from './use-wrapping-keys.ts';
import type { WrappingKeyView } from './view-model.ts';
import { WrappingKeyCard } from './WrappingKeyCard.tsx';
import type { WrappingKeyService } from './wrapping-key-service.ts';

export function WrappingKeysTool({ service }: { service: WrappingKeyService }) {
  useDocumentTitle('Wrapping keys');
  const id = useId();
  const { state, reload } = useWrappingKeys(service);
  const [announcement, setAnnouncement] = useState('');
  const [deleting, setDeleting] = useState<{ key: WrappingKeyView; returnFocusTo: HTMLElement } | null>(null);

  function closeDialog() {
    const target = deleting?.returnFocusTo;
    setDeleting(null);
    requestAnimationFrame(() => {
      if (target?.isConnected) target.focus();
      else document.getElementById(`${id}-list-heading`)?.focus();
    });
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="page">
      <h1 id={`${id}-heading`}>Browser wrapping keys</h1>
      <p className="lede">
        A wrapping key is an RSA-OAEP key pair that sites use to encrypt key material to this browser. The private key is
        generated as a non-extractable key and kept in this browser's IndexedDB: no script, including this console, can
        read or export it, and it is never sent anywhere. Only the public key is shown here to copy or download.
      </p>
      <p className="callout">
        Clearing this site's data in the browser deletes these keys for good: they cannot be backed up or recovered.
      </p>

      <GenerateKeyForm service={service} onGenerated={() => void reload()} />

      <section aria-labelledby={`${id}-list-heading`} className="key-list-section">
        <h2 id={`${id}-list-heading`} tabIndex={-1}>
          Keys in this browser
        </h2>
        {state.status === 'loading' && (
          <p className="hint" role="status">
            Loading the wrapping keys stored in this browser…
          </p>
        )}
        {state.status === 'failed' && (
          <div role="alert" className="card panel-error">
            <h3>Could not open this browser's key storage</h3>
            <p className="error-message">{state.message}</p>
            <p>
              Wrapping keys live in IndexedDB. It can be unavailable in private windows, when site data is blocked for
              this address, or when the disk is full. Allow site data for this console and reload the page.
            </p>
            <button type="button" className="button" onClick={() => void reload()}>
              Try again
            </button>
          </div>
        )}
        {state.status === 'ready' && state.keys.length === 0 && (
          <div className="card empty-state">
            <p className="empty-title">No wrapping keys in this browser yet.</p>
            <p className="hint">
              Generate one above. Its public key is what you give a site so it can send key material to this browser;
              the private key stays here.
            </p>
          </div>
        )}
        {state.status === 'ready' && state.keys.length > 0 && (
          <ul className="key-list" aria-label="Wrapping keys">
            {state.keys.map((key) => (
              <li key={key.id}>
                <WrappingKeyCard
                  keyView={key}
                  onRelabel={async (label) => {
                    await service.relabel(key.id, label);
                    await reload();
                  }}
                  onDelete={(returnFocusTo) => setDeleting({ key, returnFocusTo })}
                  onAnnounce={setAnnouncement}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <p role="status" className="visually-hidden">
        {announcement}
      </p>

      {deleting !== null && (
        <DeleteKeyDialog
          keyView={deleting.key}
          onClose={closeDialog}
          onConfirm={async () => {
            await service.remove(deleting.key.id);
            setAnnouncement(`Deleted “${deleting.key.label}”.`);
            setDeleting(null);
            await reload();
            document.getElementById(`${id}-list-heading`)?.focus();
          }}
        />
      )}
    </section>
  );
}
