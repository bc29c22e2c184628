// /byok: send a key to a cloud KMS (issue 12). Choose the target and its method as the
// vendor documents them, give its wrapping key (or IBM's import token), choose the key —
// pasted, freshly generated, or held by a connected site — and the BYOK worker checks that
// the target can take it, wraps it and encodes the target's native file, which is
// downloaded; the next command is shown. Plaintext stays in the one key box (cleared when
// done or on leaving) or, for generated and site keys, never leaves the worker.
import { useId, useState } from 'react';
import type { ConsoleServices } from '../../services.ts';
import { downloadText } from '../../shared/download.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { usePlaintextKey } from '../../shared/use-plaintext-key.ts';
import { WorkerJobError } from '../../workers/worker-job-error.ts';
import type { ByokResult, ByokSource } from './byok-job.ts';
import { refusal } from './byok-words.ts';
import { ByokResultPanel } from './ByokResultPanel.tsx';
import { downloadBytes } from '../../shared/download.ts';
import { ExternalKeySource, type ExternalKind } from './ExternalKeySource.tsx';
import { FreshKeySource } from './FreshKeySource.tsx';
import { ImportTokenField, WrappingKeyField } from './KmsKeyFields.tsx';
import { SiteKeySource, type FetchedShares } from './SiteKeySource.tsx';
import {
  BYOK_ALGORITHMS,
  BYOK_TARGETS,
  CONTEXT_FIELDS,
  DEFAULT_METHOD,
  TARGET_NAMES,
  filledContext,
  freshKeyChoices,
  type ByokTarget,
  type NativeContext,
} from './target-facts.ts';
import { useImportTokenInfo, useWrappingKeyInfo } from './use-kms-key-info.ts';

type Services = Pick<ConsoleServices, 'byokWrap' | 'keysApi' | 'exportConfigApi' | 'sessionsApi' | 'wrappingKeys'>;
type SourceKind = 'external' | 'fresh' | 'site';

export function ByokPage({ services }: { services: Services }) {
  useDocumentTitle('Send a key to a cloud KMS');
  const id = useId();
  const [target, setTarget] = useState<ByokTarget>('vault');
  const [algorithm, setAlgorithm] = useState(DEFAULT_METHOD.vault);
  const [context, setContext] = useState<NativeContext>({});
  const wrappingBox = usePlaintextKey({ publicKeyOnly: true }); // public data, but the same box and file handling
  const [tokenText, setTokenText] = useState('');
  const keyInfo = useWrappingKeyInfo(target === 'ibm' ? null : wrappingBox.input);
  const tokenInfo = useImportTokenInfo(target === 'ibm' ? tokenText : '');
  const [sourceKind, setSourceKind] = useState<SourceKind>('external');
  const keyBox = usePlaintextKey();
  const [externalKind, setExternalKind] = useState<ExternalKind>('private');
  const [fresh, setFresh] = useState('aes-256');
  const [keepCopy, setKeepCopy] = useState(false);
  const [shares, setShares] = useState<FetchedShares | undefined>();
  const [fetching, setFetching] = useState(false);
  // A new site source after each wrap: the finished export run is not carried over.
  const [siteRound, setSiteRound] = useState(0);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState<ByokResult | undefined>();

  function chooseTarget(next: ByokTarget) {
    setTarget(next);
    setAlgorithm(DEFAULT_METHOD[next]);
    setContext({});
    setError(undefined);
    if (!freshKeyChoices(next).some((c) => c.value === fresh)) setFresh('aes-256');
  }

  const kmsReady = target === 'ibm' ? tokenInfo?.key.ok === true && !tokenInfo.problem : keyInfo?.ok === true;
  const sourceReady = sourceKind === 'external' ? keyBox.input !== null : sourceKind === 'site' ? shares !== undefined : true;
  const azureMissingKek = target === 'azure' && !context.kekId?.trim();

  async function source(): Promise<ByokSource | undefined> {
    if (sourceKind === 'external') {
      const input = keyBox.input;
      if (input === null) return undefined;
      const copy = input instanceof Uint8Array ? input.slice() : input; // the worker takes (and zeroes) its own copy
      return { kind: 'external', input: copy, ...(externalKind === 'private' ? {} : { raw: externalKind }), options: {} };
    }
    if (sourceKind === 'fresh') {
      const choice = freshKeyChoices(target).find((c) => c.value === fresh) ?? freshKeyChoices(target)[0]!;
      return { kind: 'generated', type: choice.kind, bytes: choice.bytes, keepCopy };
    }
    if (!shares) return undefined;
    const privateKey = await services.wrappingKeys.privateKey(shares.browserKeyId);
    return { kind: 'site', bundle: shares.bundle, privateKey, sitePublicKey: shares.siteKey.publicKey };
  }

  async function wrap() {
    if (working || !kmsReady || !sourceReady || azureMissingKek) return;
    setError(undefined);
    setWorking(true);
    try {
      const src = await source();
      if (!src) return;
      const out = await services.byokWrap({
        target,
        algorithm,
        ...(target === 'ibm' ? { importToken: tokenText } : { wrappingKey: wrappingBox.input ?? '' }),
        context: filledContext(context),
        source: src,
        now: Date.now(),
      });
      downloadBytes(out.artifact.fileName, out.artifact.bytes, out.artifact.mediaType);
      if (out.generatedCopyHex) downloadText(`${context.keyName?.trim() || 'generated-key'}.hex`, `${out.generatedCopyHex}\n`);
      const { generatedCopyHex: _copy, ...shown } = out; // the copy went to its file; the page keeps none
      setResult(shown);
      keyBox.clear();
      setShares(undefined);
      setSiteRound((r) => r + 1);
      setKeepCopy(false);
    } catch (e) {
      setError(refusal(e instanceof WorkerJobError || e instanceof Error ? e.message : String(e)));
    } finally {
      setWorking(false);
    }
  }

  const busy = working || fetching;
  return (
    <section aria-labelledby={`${id}-heading`} className="page byok-page">
      <h1 id={`${id}-heading`}>Send a key to a cloud KMS</h1>
      <p className="lede">
        The key is wrapped in this browser, in a worker, under the KMS’s public wrapping key, and saved in the file the KMS’s own tool takes. Only the KMS can open it.
      </p>

      <section aria-labelledby={`${id}-target`} className="card byok-step">
        <h2 id={`${id}-target`}>1. Target</h2>
        <div className="byok-row">
          <div className="field">
            <label htmlFor={`${id}-kms`} className="field-label">
              KMS
            </label>
            <select id={`${id}-kms`} value={target} disabled={busy} onChange={(e) => chooseTarget(e.target.value as ByokTarget)}>
              {BYOK_TARGETS.map((t) => (
                <option key={t} value={t}>
                  {TARGET_NAMES[t]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-method`} className="field-label">
              Wrapping method
            </label>
            <select id={`${id}-method`} value={algorithm} disabled={busy || BYOK_ALGORITHMS[target].length === 1} onChange={(e) => setAlgorithm(e.target.value)}>
              {BYOK_ALGORITHMS[target].map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="byok-row">
          {CONTEXT_FIELDS[target].map((f) => (
            <div className="field" key={f.field}>
              <label htmlFor={`${id}-${f.field}`} className="field-label">
                {f.label}
                {f.required ? '' : ' (optional)'}
              </label>
              <input
                id={`${id}-${f.field}`}
                type="text"
                value={context[f.field] ?? ''}
                onChange={(e) => setContext((c) => ({ ...c, [f.field]: e.target.value }))}
                {...(f.hint ? { 'aria-describedby': `${id}-${f.field}-hint` } : {})}
                spellCheck={false}
                autoComplete="off"
              />
              {f.hint && (
                <p id={`${id}-${f.field}-hint`} className="hint">
                  {f.hint}
                </p>
              )}
            </div>
          ))}
        </div>
        {target === 'ibm' ? (
          <ImportTokenField text={tokenText} onChange={setTokenText} info={tokenInfo} algorithm={algorithm} />
        ) : (
          <WrappingKeyField box={wrappingBox} info={keyInfo} target={target} algorithm={algorithm} />
        )}
      </section>

      <section aria-labelledby={`${id}-source`} className="card byok-step">
        <h2 id={`${id}-source`}>2. Key to send</h2>
        <fieldset className="mode-switch" disabled={busy}>
          <legend>Where the key comes from</legend>
          <label>
            <input type="radio" name={`${id}-source-kind`} checked={sourceKind === 'external'} onChange={() => setSourceKind('external')} /> A key I have
          </label>
          <label>
            <input type="radio" name={`${id}-source-kind`} checked={sourceKind === 'fresh'} onChange={() => setSourceKind('fresh')} /> Generate a new key
          </label>
          <label>
            <input type="radio" name={`${id}-source-kind`} checked={sourceKind === 'site'} onChange={() => setSourceKind('site')} /> A key held by a site
          </label>
        </fieldset>
        {sourceKind === 'external' && <ExternalKeySource box={keyBox} kind={externalKind} onKind={setExternalKind} onSubmit={() => void wrap()} />}
        {sourceKind === 'fresh' && <FreshKeySource target={target} choice={fresh} onChoice={setFresh} keepCopy={keepCopy} onKeepCopy={setKeepCopy} />}
        {sourceKind === 'site' && <SiteKeySource round={siteRound} target={target} algorithm={algorithm} services={services} fetched={shares} onFetched={setShares} onBusy={setFetching} />}
      </section>

      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={busy || !kmsReady || !sourceReady || azureMissingKek} onClick={() => void wrap()}>
          Wrap for {TARGET_NAMES[target]} and download
        </button>
        {working && (
          <span role="status" className="muted">
            {sourceKind === 'site' ? 'Unwrapping, recombining, verifying and wrapping in the worker…' : 'Wrapping in the worker…'}
          </span>
        )}
      </div>
      {azureMissingKek && <p className="hint">Azure needs the KEK key ID: it goes into the .byok file.</p>}
      {error && (
        <p role="alert" className="callout callout-error" data-testid="byok-error">
          {error}
        </p>
      )}
      {result && <ByokResultPanel target={target} result={result} onDone={() => setResult(undefined)} />}
    </section>
  );
}
