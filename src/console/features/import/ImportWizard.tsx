// /sites/$site/import: bring an external private key into a site. The key is detected
// (curve, public key) before anything else; the target nodes' wrapping keys are shown and
// may be pinned; the key is split and each share wrapped for its node in a worker, after
// which the plaintext is cleared from the page; then the import session runs on every node
// and is followed to done — or the bundle is downloaded, whole or one file per share.
// A bundle made elsewhere (keyferry split, another site's export) takes the same path.
import { Link } from '@tanstack/react-router';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Bundle } from '../../shared/core-types.ts';
import { importJoinRequest, importProblems } from '../../../client/import-plan.ts';
import { newSessionId } from '../../../client/session-id.ts';
import type { ConsoleServices } from '../../services.ts';
import { CurveChoice, curveOptions, type Ed25519Reading } from '../../shared/CurveChoice.tsx';
import { DEFAULT_CURVE } from '../../shared/curve-options.ts';
import { KeyInput } from '../../shared/KeyInput.tsx';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { useFingerprint } from '../../shared/use-fingerprint.ts';
import { usePlaintextKey } from '../../shared/use-plaintext-key.ts';
import { bundleFile, perShareFiles } from '../../shared/bundle-files.ts';
import { keyIdProblem as checkKeyId } from '../../shared/key-id.ts';
import { WorkerJobError } from '../../workers/worker-job-error.ts';
import { runSession, type SiteRun } from '../../../client/run-session.ts';
import type { Site } from '../sites/parse-profile.ts';
import { downloadText } from '../../shared/download.ts';
import { DetectedKey } from './DetectedKey.tsx';
import { useImportHandoff } from './handoff-store.ts';
import { importVerdict } from './import-result.ts';
import { ImportProgress } from './ImportProgress.tsx';
import { checkPin, groupedFingerprint } from './key-identity.ts';
import { ChainCodeField, checkChainCode } from './ChainCodeField.tsx';
import { readBundleFiles } from './read-bundles.ts';
import { TargetNodes } from './TargetNodes.tsx';
import { useKeyDetection } from './use-key-detection.ts';
import { unwrappableShares, useSiteWrappingKeys } from './use-site-wrapping-keys.ts';

type Services = Pick<ConsoleServices, 'keyInspector' | 'exportConfigApi' | 'sessionsApi' | 'splitWrap'>;
type Prepared = { bundle: Bundle; origin: string };

export function ImportWizard({ site, services }: { site: Site; services: Services }) {
  useDocumentTitle(`Import a key — site ${site.name}`);
  const id = useId();
  const handoff = useImportHandoff((s) => (s.pending?.site === site.name ? s.pending : null));
  const clearHandoff = useImportHandoff((s) => s.clear);
  const [source, setSource] = useState<'key' | 'bundle'>(handoff ? 'bundle' : 'key');
  // The plaintext key: only in this hook, only until the shares exist.
  const plaintext = usePlaintextKey();
  const [curve, setCurve] = useState(DEFAULT_CURVE);
  const [ed25519Hex, setEd25519Hex] = useState<Ed25519Reading>('');
  const [chainCodeHex, setChainCodeHex] = useState('');
  const [bundleError, setBundleError] = useState<string | null>(null);
  const [pins, setPins] = useState<Record<number, string>>({});
  const [splitting, setSplitting] = useState(false);
  const [splitError, setSplitError] = useState<string | null>(null);
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  // Where focus goes once the key is split (or bundles are loaded): the result, not the page top.
  const preparedRef = useRef<HTMLDivElement>(null);
  const hasPrepared = prepared !== null;
  useEffect(() => {
    if (hasPrepared) preparedRef.current?.focus();
  }, [hasPrepared]);
  const [keyId, setKeyId] = useState('');
  const [run, setRun] = useState<SiteRun | null>(null);

  const nodes = useSiteWrappingKeys(site, services.exportConfigApi);
  const options = curveOptions(curve, ed25519Hex);
  const keyInput = plaintext.input;
  const detection = useKeyDetection(services.keyInspector, source === 'key' && prepared === null ? keyInput : null, options);

  // A bundle handed over from an export lands here once.
  useEffect(() => {
    if (handoff === null) return;
    setPrepared({ bundle: handoff.bundle, origin: `Handed over: ${handoff.source}` });
    setKeyId(handoff.bundle.keyId ?? '');
    clearHandoff();
  }, [handoff, clearHandoff]);

  const chainCheck = checkChainCode(chainCodeHex, detection.state === 'ok' ? detection.report.chainCode === true : false);
  const pinProblems = nodes.flatMap((n) => {
    const check = checkPin(pins[n.index] ?? '', n.state === 'ready' ? n.fingerprint : undefined);
    return check.state === 'mismatch' || check.state === 'invalid' ? [`Node ${n.index}: ${check.message}`] : [];
  });
  const nodesReady = nodes.every((n) => n.state === 'ready');
  const keyIdProblem = checkKeyId(keyId);
  const bundleProblems = useMemo(() => {
    if (prepared === null) return [];
    return [
      ...importProblems(prepared.bundle, { site: site.name, threshold: site.threshold, nodeIndexes: site.nodes.map((n) => n.index) }),
      ...unwrappableShares(prepared.bundle.shares, nodes),
    ];
  }, [prepared, site, nodes]);
  const publicKeyFp = useFingerprint(prepared?.bundle.publicKey);
  const publicKeyFingerprint = publicKeyFp?.state === 'ok' ? publicKeyFp.fingerprint : '';

  function clearPlaintext() {
    plaintext.clear();
    setChainCodeHex('');
  }

  async function loadBundles(files: readonly File[]) {
    setBundleError(null);
    const result = await readBundleFiles(files);
    if (!result.ok) return setBundleError(result.message);
    setPrepared({ bundle: result.bundle, origin: `From ${result.files.length === 1 ? `file "${result.files[0]}"` : `${result.files.length} per-share files`}` });
    setKeyId(result.bundle.keyId ?? '');
  }

  async function split() {
    if (keyInput === null || !nodesReady) return;
    setSplitting(true);
    setSplitError(null);
    try {
      const result = await services.splitWrap({
        input: keyInput instanceof Uint8Array ? keyInput.slice() : keyInput,
        options,
        ...(chainCodeHex.trim() === '' ? {} : { chainCodeHex: chainCodeHex.trim() }),
        threshold: site.threshold,
        wrappingKeys: nodes.map((n) => (n.state === 'ready' ? n.spki : '')),
        ...(keyId === '' ? {} : { keyId }),
      });
      clearPlaintext();
      setPrepared({ bundle: result.bundle, origin: 'Split in this browser; the plaintext key has been cleared from the page' });
    } catch (error) {
      setSplitError(error instanceof WorkerJobError ? error.message : String(error));
    } finally {
      setSplitting(false);
    }
  }

  async function startImport() {
    if (prepared === null) return;
    const sessionId = newSessionId();
    const chosen = keyId === '' ? undefined : keyId;
    await runSession({ nodes: site.nodes, requestFor: (index) => importJoinRequest(prepared.bundle, index, sessionId, { keyId: chosen }), api: services.sessionsApi, onProgress: setRun });
  }

  function downloadBundle() {
    if (prepared === null) return;
    const name = prepared.bundle.keyId ?? (keyId || 'key');
    const file = bundleFile(prepared.bundle, `${name}.keyferry-bundle.json`);
    downloadText(file.name, file.text, 'application/json');
  }

  function downloadShares() {
    if (prepared === null) return;
    const name = prepared.bundle.keyId ?? (keyId || 'key');
    for (const file of perShareFiles(prepared.bundle, name)) downloadText(file.name, file.text, 'application/json');
  }

  const verdict = run?.finished && prepared ? importVerdict(run, prepared.bundle) : undefined;
  const running = run !== null && !run.finished;
  const blocked = [...pinProblems, ...bundleProblems, ...(keyIdProblem ? [keyIdProblem] : [])];

  return (
    <section aria-labelledby="import-heading" className="page">
      <p className="breadcrumb">
        <Link to="/">Sites</Link> ›{' '}
        <Link to="/sites/$site/keys" params={{ site: site.name }}>
          Site {site.name}
        </Link>{' '}
        › Import a key
      </p>
      <h1 id="import-heading">Import a key into site {site.name}</h1>
      <p className="lede">
        The key is split into {site.nodes.length} Shamir shares (threshold {site.threshold}) and each share is wrapped for its node’s RSA
        key in this browser. Only wrapped shares leave the page.{' '}
        <Link to="/sites/$site/bulk-import" params={{ site: site.name }}>
          Many keys at once: bulk import
        </Link>
        .
      </p>

      <section className="card" aria-labelledby={`${id}-target`}>
        <h2 id={`${id}-target`}>1. The site’s wrapping keys</h2>
        <p className="muted">Each node unwraps its share with this key. Pin a fingerprint you got from the node’s operator to be sure.</p>
        <TargetNodes site={site.name} nodes={nodes} pins={pins} onPin={(index, value) => setPins((p) => ({ ...p, [index]: value }))} />
      </section>

      <section className="card" aria-labelledby={`${id}-source`}>
        <h2 id={`${id}-source`}>2. The key</h2>
        {prepared === null ? (
          <>
            <fieldset className="mode-switch">
              <legend>What you have</legend>
              <label>
                <input type="radio" name={`${id}-source`} checked={source === 'key'} onChange={() => setSource('key')} /> A private key
              </label>
              <label>
                <input type="radio" name={`${id}-source`} checked={source === 'bundle'} onChange={() => setSource('bundle')} /> A bundle file
                (keyferry-bundle/1)
              </label>
            </fieldset>
            {source === 'key' ? (
              <>
                <KeyInput
                  text={plaintext.text}
                  onTextChange={plaintext.setText}
                  binaryFile={plaintext.binaryFile}
                  onClearFile={plaintext.clearFile}
                  onFiles={(files) => void plaintext.loadFiles(files)}
                  onSubmitShortcut={() => void split()}
                  label="Private key"
                />
                {plaintext.fileError !== null && <p className="field-error">{plaintext.fileError}</p>}
                <CurveChoice curve={curve} ed25519Hex={ed25519Hex} onChange={(c, r) => (setCurve(c), setEd25519Hex(r))} />
                <div aria-live="polite">
                  {detection.state === 'checking' && <p className="muted">Reading the key…</p>}
                  {detection.state === 'refused' && (
                    <p className="field-error" data-testid="key-refused">
                      {detection.message}
                    </p>
                  )}
                  {detection.state === 'ok' && <DetectedKey report={detection.report} />}
                </div>
                {detection.state === 'ok' && !detection.report.chainCode && <ChainCodeField value={chainCodeHex} problem={chainCheck} onChange={setChainCodeHex} />}
                {splitError !== null && (
                  <p role="alert" className="field-error">
                    Could not split the key: {splitError}
                  </p>
                )}
                <div className="form-actions">
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={detection.state !== 'ok' || !nodesReady || splitting || chainCheck !== undefined || pinProblems.length > 0}
                    aria-busy={splitting}
                    onClick={() => void split()}
                  >
                    {splitting ? 'Splitting and wrapping…' : `Split and wrap for ${site.nodes.length} nodes`}
                  </button>
                  {!nodesReady && <span className="hint">Waiting for every node’s wrapping key.</span>}
                  {pinProblems.length > 0 && <span className="field-error">A pinned fingerprint does not match: stopped.</span>}
                </div>
              </>
            ) : (
              <div className="file-field">
                <label htmlFor={`${id}-bundle`}>Bundle file, or every per-share file of one bundle</label>
                <input id={`${id}-bundle`} type="file" multiple accept=".json,application/json" onChange={(e) => void loadBundles(Array.from(e.target.files ?? []))} />
                {bundleError !== null && (
                  <p className="field-error" data-testid="bundle-error">
                    {bundleError}
                  </p>
                )}
              </div>
            )}
          </>
        ) : (
          <div data-testid="prepared" ref={preparedRef} tabIndex={-1}>
            <p className="callout callout-ok">
              <strong>Ready to import:</strong> {prepared.bundle.curve} key, threshold {prepared.bundle.threshold}, {prepared.bundle.shares.length} wrapped shares.{' '}
              {prepared.origin}.
            </p>
            <p>
              Public key fingerprint: <code className="mono">{groupedFingerprint(publicKeyFingerprint)}</code>
            </p>
            {run === null && (
              <button type="button" className="button" onClick={() => (setPrepared(null), setRun(null))}>
                Start over
              </button>
            )}
          </div>
        )}
      </section>

      {prepared !== null && (
        <section className="card" aria-labelledby={`${id}-deliver`}>
          <h2 id={`${id}-deliver`}>3. Import or download</h2>
          {blocked.length > 0 && (
            <ul role="alert" className="callout callout-error">
              {blocked.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          <div className="field">
            <label htmlFor={`${id}-keyid`} className="field-label">
              Key ID
            </label>
            <input
              id={`${id}-keyid`}
              className="mono"
              value={keyId}
              disabled={run !== null}
              onChange={(e) => setKeyId(e.target.value)}
              aria-describedby={`${id}-keyid-hint`}
              aria-invalid={keyIdProblem !== undefined}
              autoComplete="off"
            />
            <p id={`${id}-keyid-hint`} className={keyIdProblem ? 'field-error' : 'hint'}>
              {keyIdProblem ?? 'Leave empty and the nodes derive one from the session ID.'}
            </p>
          </div>
          <div className="form-actions">
            <button type="button" className="button button-primary" disabled={blocked.length > 0 || running || verdict?.ok === true} onClick={() => void startImport()}>
              {running ? 'Importing…' : `Import into the ${site.nodes.length} nodes of ${site.name}`}
            </button>
            <button type="button" className="button" onClick={downloadBundle}>
              Download the bundle
            </button>
            <button type="button" className="button" onClick={downloadShares}>
              Download one file per share
            </button>
          </div>
          {run !== null && <ImportProgress run={run} verdict={verdict} publicKeyFingerprint={publicKeyFingerprint} />}
        </section>
      )}
    </section>
  );
}
