// Export to this browser: one browser wrapping key for every node, the whitelist
// pre-check, the session, then — only after the operator confirms that the key will exist
// whole outside the site — the recovery worker unwraps with the non-extractable private
// key, recombines, verifies against the site's public key and encodes; this page gets only
// the encoded key, and holds it only while it is shown (Forget, or leaving, drops it).
import { Link } from '@tanstack/react-router';
import { useId, useMemo, useRef, useState } from 'react';
import type { Bundle } from '../../shared/core-types.ts';
import type { ConsoleServices } from '../../services.ts';
import { WorkerJobError } from '../../workers/worker-job-error.ts';
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import type { SiteKey } from '../keys/site-keys.ts';
import type { Site } from '../sites/parse-profile.ts';
import { useWrappingKeys } from '../wrapping-keys/use-wrapping-keys.ts';
import { describeWrappingKeyFailure } from '../wrapping-keys/wrapping-key-service.ts';
import { assembleBundle } from '../../../client/export-plan.ts';
import { ResultError } from '../../../client/session-result.ts';
import { PrecheckPanel } from './PrecheckPanel.tsx';
import { RecoveredKeyPanel } from './RecoveredKeyPanel.tsx';
import type { RecoveredKeyText } from './recover.ts';
import { RunProgress } from './RunProgress.tsx';
import { browserKeys } from './target-keys.ts';
import { useExportRun, usePrecheck } from './use-export.ts';
import { RecheckButton, StartExportButton } from './StartExportButton.tsx';

type Services = Pick<ConsoleServices, 'exportConfigApi' | 'sessionsApi' | 'wrappingKeys' | 'recoverKey'>;

export function ToBrowserPanel({ site, siteKey, services, onBusy }: { site: Site; siteKey: SiteKey; services: Services; onBusy: (busy: boolean) => void }) {
  const id = useId();
  const { state: list } = useWrappingKeys(services.wrappingKeys);
  const [chosen, setChosen] = useState('');
  const available = list.status === 'ready' ? list.keys : [];
  const choice = available.find((k) => k.id === chosen) ?? available[0];
  const keys = useMemo(() => (choice ? browserKeys(choice.base64, site.nodes.length) : undefined), [choice, site.nodes.length]);
  const { state: check, recheck } = usePrecheck(site, keys, services.exportConfigApi);
  const { run, start, reset } = useExportRun(site, siteKey.keyId, services.sessionsApi);
  const [bundle, setBundle] = useState<Bundle | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  // Only the encoded key, only while shown: Forget drops it, leaving the page unmounts it.
  const [recovered, setRecovered] = useState<RecoveredKeyText | undefined>();
  const revealButton = useRef<HTMLButtonElement>(null);
  const running = run !== undefined && !run.finished;

  function forget() {
    setRecovered(undefined);
    setBundle(undefined);
    reset();
  }

  async function begin() {
    if (!keys) return;
    forget();
    setError(undefined);
    onBusy(true);
    try {
      const final = await start(keys);
      if (final.outcome === 'done') {
        setBundle(
          assembleBundle({ views: final.nodes.map((n) => n.view!), fingerprints: keys.map((k) => k.fingerprint), expected: { keyId: siteKey.keyId, publicKey: siteKey.publicKey } }),
        );
      }
    } catch (e) {
      setError(e instanceof ResultError ? e.message : `The export could not be completed: ${(e as Error).message}`);
    } finally {
      onBusy(false);
    }
  }

  async function reveal() {
    if (!bundle || !choice) return;
    setConfirming(false);
    try {
      const handle = await services.wrappingKeys.privateKey(choice.id);
      setRecovered(await services.recoverKey({ bundle, privateKey: handle, sitePublicKey: siteKey.publicKey }));
      setBundle(undefined); // the wrapped shares are not needed any more
    } catch (e) {
      const message = e instanceof WorkerJobError ? e.message : describeWrappingKeyFailure(e);
      setError(`Refused: the key was not recovered. ${message.charAt(0).toUpperCase()}${message.slice(1)}.`);
    }
  }

  if (list.status === 'loading') return <p className="muted" role="status">Reading this browser’s wrapping keys…</p>;
  if (list.status === 'failed') return <p role="alert" className="callout callout-error">{list.message}</p>;
  if (available.length === 0) {
    return (
      <div className="callout empty-state">
        <p>This browser has no wrapping key yet.</p>
        <p>
          <Link to="/wrapping-keys">Generate one on Wrapping keys</Link>, add it to the export whitelist of every node of site {site.name}, and come back.
        </p>
      </div>
    );
  }

  return (
    <div className="export-panel">
      {!recovered && (
        <div className="field">
          <label htmlFor={`${id}-key`} className="field-label">
            Browser wrapping key
          </label>
          <select id={`${id}-key`} value={choice?.id} disabled={running || bundle !== undefined} onChange={(e) => setChosen(e.target.value)}>
            {available.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label} (RSA {k.bits}, {k.shortFingerprint}…)
              </option>
            ))}
          </select>
          <p className="hint">Every node wraps its share under this key; its private half never leaves this browser and cannot be read by any script.</p>
        </div>
      )}

      {keys && !recovered && !bundle && !running && (
        <>
          <PrecheckPanel site={site} keys={keys} state={check} onRecheck={recheck} />
          {check.status === 'ready' && run === undefined && (
            <StartExportButton admitted={check.result.ok} target="this browser" onStart={() => void begin()} />
          )}
        </>
      )}

      {run && !recovered && <RunProgress site={site} run={run} />}
      {run?.finished && run.outcome === 'failed' && <RecheckButton onRecheck={() => (reset(), recheck())} />}
      {error && (
        <p role="alert" className="callout callout-error" data-testid="export-error">
          {error}
        </p>
      )}

      {bundle && !recovered && (
        <section aria-labelledby={`${id}-wrapped`} className="card">
          <h3 id={`${id}-wrapped`}>Shares received</h3>
          <p>
            Every node wrapped its share of {siteKey.keyId} under your browser key. They are still wrapped: nothing is whole yet. Unwrapping them here puts the
            complete private key in this browser.
          </p>
          <div className="form-actions">
            <button ref={revealButton} type="button" className="button button-danger" onClick={() => setConfirming(true)}>
              Unwrap and show the private key…
            </button>
            <button type="button" className="button" onClick={forget}>
              Discard the shares
            </button>
          </div>
        </section>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Take key ${siteKey.keyId} out of site ${site.name}?`}
          confirmLabel="Unwrap and show"
          acknowledgement={`I understand that the whole private key of ${siteKey.keyId} will exist outside site ${site.name}, in this browser and wherever I copy or save it.`}
          onConfirm={reveal}
          onClose={() => {
            setConfirming(false);
            revealButton.current?.focus();
          }}
        >
          <p>
            Until now no single place has held this key: each node holds only a share. Unwrapping the shares here recombines the complete private key in this
            browser. Anyone who gets it can use it without the site, its whitelists or its audit log.
          </p>
          <p>The key is verified against the site’s public key before it is shown, and is forgotten when you leave this page or press Forget.</p>
        </ConfirmDialog>
      )}
      {recovered && <RecoveredKeyPanel siteName={site.name} siteKey={siteKey} recovered={recovered} onForget={forget} />}
    </div>
  );
}
