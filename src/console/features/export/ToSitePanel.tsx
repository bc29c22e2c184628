// Export to another site: the receiving site's node wrapping keys (from a connected site,
// or pasted, one per node), the whitelist pre-check, the session, and the bundle — as a
// download, or handed to the receiving site's import.
import { useRouter } from '@tanstack/react-router';
import { useId, useMemo, useState } from 'react';
import type { Bundle } from '../../shared/core-types.ts';
import { bundleFile, type TextFile } from '../../shared/bundle-files.ts';
import type { ConsoleServices } from '../../services.ts';
import { useImportHandoff } from '../import/handoff-store.ts';
import type { SiteKey } from '../keys/site-keys.ts';
import type { Site } from '../sites/parse-profile.ts';
import { useSites } from '../sites/site-store.ts';
import { assembleBundle } from '../../../client/export-plan.ts';
import { ResultError } from '../../../client/session-result.ts';
import { downloadText } from '../../shared/download.ts';
import { privateKeyRefusal } from '../../shared/private-key-guard.ts';
import { bundleFileName } from './formats.ts';
import { PrecheckPanel } from './PrecheckPanel.tsx';
import { RunProgress } from './RunProgress.tsx';
import { parsePastedKeys, pastedField, type TargetKey } from './target-keys.ts';
import { TargetKeysTable } from './TargetKeysTable.tsx';
import { useExportRun, usePrecheck } from './use-export.ts';
import { useTargetSiteKeys } from './use-target-site-keys.ts';
import { RecheckButton, StartExportButton } from './StartExportButton.tsx';

type Services = Pick<ConsoleServices, 'exportConfigApi' | 'sessionsApi'>;

export function ToSitePanel({ site, siteKey, services, onBusy }: { site: Site; siteKey: SiteKey; services: Services; onBusy: (busy: boolean) => void }) {
  const id = useId();
  const others = useSites((s) => s.sites).filter((s) => s.name !== site.name);
  const [source, setSource] = useState<'site' | 'paste'>(others.length > 0 ? 'site' : 'paste');
  const [targetName, setTargetName] = useState(others[0]?.name ?? '');
  const target = source === 'site' ? others.find((s) => s.name === targetName) : undefined;
  const fromSite = useTargetSiteKeys(target, site.nodes.length, services.exportConfigApi);
  const [pasted, setPasted] = useState<string[]>(() => site.nodes.map(() => ''));
  /** Per pasted box: the refusal of a private key pasted there (the box itself was emptied). */
  const [refused, setRefused] = useState<Array<string | null>>(() => site.nodes.map(() => null));
  const fromPaste = useMemo(() => (pasted.every((p) => p.trim() === '') ? undefined : parsePastedKeys(pasted)), [pasted]);
  const resolved = source === 'site' ? fromSite : fromPaste;
  const keys: TargetKey[] | undefined = resolved !== undefined && resolved !== 'loading' && resolved.ok ? resolved.keys : undefined;
  const { state: check, recheck } = usePrecheck(site, keys, services.exportConfigApi);
  const { run, start, reset } = useExportRun(site, siteKey.keyId, services.sessionsApi);
  const [bundle, setBundle] = useState<{ bundle: Bundle; file: TextFile; target: string; handoff: string | undefined } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const router = useRouter();
  const running = run !== undefined && !run.finished;
  const targetLabel = target?.name ?? 'the receiving site';

  async function begin() {
    if (!keys) return;
    setBundle(undefined);
    setError(undefined);
    onBusy(true);
    try {
      const final = await start(keys);
      if (final.outcome === 'done') {
        const b = assembleBundle({
          views: final.nodes.map((n) => n.view!),
          fingerprints: keys.map((k) => k.fingerprint),
          expected: { keyId: siteKey.keyId, publicKey: siteKey.publicKey },
        });
        const receiving = target?.name ?? 'another-site';
        setBundle({ bundle: b, file: bundleFile(b, bundleFileName(siteKey.keyId, site.name, receiving)), target: receiving, handoff: target?.name });
      }
    } catch (e) {
      setError(e instanceof ResultError ? e.message : `The export could not be completed: ${(e as Error).message}`);
    } finally {
      onBusy(false);
    }
  }

  function handOff() {
    if (!bundle?.handoff) return;
    useImportHandoff.getState().offer(bundle.bundle, bundle.handoff, `export of ${siteKey.keyId} from ${site.name}`);
    void router.navigate({ to: '/sites/$site/import', params: { site: bundle.handoff } });
  }

  const pastedErrors = fromPaste !== undefined && !fromPaste.ok ? fromPaste.errors : [];
  return (
    <div className="export-panel">
      <fieldset className="mode-switch" disabled={running}>
        <legend>Where the receiving site’s wrapping keys come from</legend>
        <label>
          <input type="radio" name={`${id}-source`} checked={source === 'site'} disabled={others.length === 0} onChange={() => setSource('site')} /> A connected
          site
        </label>
        <label>
          <input type="radio" name={`${id}-source`} checked={source === 'paste'} onChange={() => setSource('paste')} /> Paste one wrapping key per node
        </label>
      </fieldset>
      {others.length === 0 && <p className="muted">No other site is connected; paste the receiving site’s node wrapping keys instead.</p>}

      {source === 'site' && others.length > 0 && (
        <div className="field">
          <label htmlFor={`${id}-target`} className="field-label">
            Receiving site
          </label>
          <select id={`${id}-target`} value={targetName} disabled={running} onChange={(e) => setTargetName(e.target.value)}>
            {others.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} ({s.nodes.length} nodes, threshold {s.threshold})
              </option>
            ))}
          </select>
          <p className="hint">Node i of this site wraps its share under the active wrapping key of node i of the receiving site.</p>
          {fromSite === 'loading' && (
            <p className="muted" role="status">
              Reading the wrapping keys of site {targetName}…
            </p>
          )}
          {fromSite !== undefined && fromSite !== 'loading' && !fromSite.ok && (
            <ul role="alert" className="callout callout-error">
              {fromSite.errors.map((e) => (
                <li key={e.message}>{e.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      {source === 'paste' &&
        site.nodes.map((node, i) => {
          const field = pastedField(node.index);
          const fieldError = pastedErrors.find((e) => e.field === field && pasted[i]!.trim() !== '');
          return (
            <div className="field" key={node.index}>
              <label htmlFor={`${id}-paste-${node.index}`} className="field-label">
                {field}
              </label>
              <textarea
                id={`${id}-paste-${node.index}`}
                className="text-input mono export-paste"
                rows={3}
                spellCheck={false}
                autoComplete="off"
                disabled={running}
                placeholder="-----BEGIN PUBLIC KEY----- … or one-line base64"
                value={pasted[i]}
                aria-invalid={fieldError !== undefined}
                aria-describedby={fieldError ? `${id}-paste-${node.index}-error` : undefined}
                onChange={(e) => {
                  // A private key pasted here is refused and the box emptied at once.
                  const refused = privateKeyRefusal(e.target.value, 'The pasted text');
                  const value = refused === undefined ? e.target.value : '';
                  setRefused((r) => r.map((x, k) => (k === i ? (refused ?? null) : x)));
                  setPasted((p) => p.map((x, k) => (k === i ? value : x)));
                }}
              />
              {refused[i] != null && (
                <p role="alert" className="field-error" data-testid="private-key-refused">
                  {refused[i]}
                </p>
              )}
              {fieldError && (
                <p id={`${id}-paste-${node.index}-error`} className="field-error">
                  {fieldError.message}
                </p>
              )}
            </div>
          );
        })}

      {keys && (
        <>
          <TargetKeysTable keys={keys} caption="Wrapping keys of the export" />
          <PrecheckPanel site={site} keys={keys} state={check} onRecheck={recheck} />
          {check.status === 'ready' && !running && bundle === undefined && (
            <StartExportButton admitted={check.result.ok} target={targetLabel} onStart={() => void begin()} />
          )}
        </>
      )}

      {run && <RunProgress site={site} run={run} />}
      {error && (
        <p role="alert" className="callout callout-error">
          {error}
        </p>
      )}
      {bundle && (
        <section aria-labelledby="bundle-heading" className="card callout-ok export-result">
          <h3 id="bundle-heading">Bundle ready</h3>
          <p role="status">
            Every node wrapped its share of {siteKey.keyId} for {bundle.target === 'another-site' ? 'the pasted wrapping keys' : `site ${bundle.target}`}. The bundle holds only wrapped
            shares: node i of the receiving site can unwrap share i, nobody else.
          </p>
          <dl className="export-bundle-facts">
            <dt>Format</dt>
            <dd>keyferry-bundle/1</dd>
            <dt>Curve, threshold</dt>
            <dd>
              {bundle.bundle.curve}, t = {bundle.bundle.threshold}
            </dd>
            <dt>Shares</dt>
            <dd>
              {bundle.bundle.shares.map((s) => (
                <span key={s.index} className="mono export-share-line">
                  {s.index}: {s.wrappingKeyFingerprint.slice(0, 16)}…
                </span>
              ))}
            </dd>
          </dl>
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => downloadText(bundle.file.name, bundle.file.text, 'application/json')}>
              Download the bundle
            </button>
            {bundle.handoff && (
              <button type="button" className="button" onClick={handOff}>
                Hand off to site {bundle.handoff}’s import
              </button>
            )}
            <button
              type="button"
              className="button"
              onClick={() => {
                setBundle(undefined);
                reset();
              }}
            >
              Start over
            </button>
          </div>
        </section>
      )}
      {run?.finished && run.outcome === 'failed' && <RecheckButton onRecheck={() => (reset(), recheck())} />}
    </div>
  );
}
