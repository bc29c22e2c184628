// Source 3 of the BYOK page: a key held by a connected site. Every node wraps its share
// under this browser's non-extractable wrapping key (the export-to-browser pieces: the
// whitelist pre-check, the session, its progress); the page holds only those wrapped
// shares, and hands them with the key handle to the BYOK worker, which unwraps,
// recombines, verifies and wraps for the KMS. The plaintext key never reaches the page.
import { Link } from '@tanstack/react-router';
import { useEffect, useId, useMemo, useState } from 'react';
import { assembleBundle } from '../../../client/export-plan.ts';
import { ResultError } from '../../../client/session-result.ts';
import type { ConsoleServices } from '../../services.ts';
import type { Bundle } from '../../shared/core-types.ts';
import { PrecheckPanel } from '../export/PrecheckPanel.tsx';
import { RunProgress } from '../export/RunProgress.tsx';
import { RecheckButton, StartExportButton } from '../export/StartExportButton.tsx';
import { browserKeys } from '../export/target-keys.ts';
import { useExportRun, usePrecheck } from '../export/use-export.ts';
import { exportable, type SiteKey } from '../keys/site-keys.ts';
import { useSiteKeys } from '../keys/use-site-keys.ts';
import type { Site } from '../sites/parse-profile.ts';
import { useSites } from '../sites/site-store.ts';
import { useWrappingKeys } from '../wrapping-keys/use-wrapping-keys.ts';
import { siteKeyProblem, type ByokTarget } from './target-facts.ts';
import { SiteSelect } from '../../shared/SiteSelect.tsx';

type Services = Pick<ConsoleServices, 'keysApi' | 'exportConfigApi' | 'sessionsApi' | 'wrappingKeys'>;

/** The wrapped shares of one site key, ready for the worker. */
export interface FetchedShares {
  bundle: Bundle;
  browserKeyId: string;
  siteKey: SiteKey;
  siteName: string;
}

export interface SiteKeySourceProps {
  services: Services;
  fetched: FetchedShares | undefined;
  onFetched: (shares: FetchedShares | undefined) => void;
  onBusy: (busy: boolean) => void;
  target: ByokTarget;
  algorithm: string;
  /** Bumped after each wrap: the key picker starts over (the finished run is not carried), the site stays chosen. */
  round: number;
}

export function SiteKeySource(props: SiteKeySourceProps) {
  const id = useId();
  const sites = useSites((s) => s.sites);
  const [siteName, setSiteName] = useState('');
  const site = sites.find((s) => s.name === siteName) ?? sites[0];
  if (!site) {
    return (
      <p className="callout empty-state">
        No site is connected. <Link to="/">Connect a site</Link> to send one of its keys.
      </p>
    );
  }
  return (
    <div className="byok-site-source">
      <SiteSelect id={`${id}-site`} label="Site" sites={sites} value={site.name} disabled={props.fetched !== undefined} onChange={setSiteName} />
      <SiteKeyPicker key={`${site.name}/${props.round}`} site={site} {...props} />
    </div>
  );
}

function SiteKeyPicker({ site, services, fetched, onFetched, onBusy, target, algorithm }: SiteKeySourceProps & { site: Site }) {
  const id = useId();
  const { state: keysState } = useSiteKeys(site, services.keysApi);
  const { state: list } = useWrappingKeys(services.wrappingKeys);
  const [keyId, setKeyId] = useState('');
  const [browserKeyId, setBrowserKeyId] = useState('');
  const [error, setError] = useState<string | undefined>();
  const siteKeys = keysState.status === 'ready' ? keysState.keys.filter(exportable) : [];
  const siteKey = siteKeys.find((k) => k.keyId === keyId) ?? siteKeys[0];
  const available = list.status === 'ready' ? list.keys : [];
  const choice = available.find((k) => k.id === browserKeyId) ?? available[0];
  const keys = useMemo(() => (choice ? browserKeys(choice.base64, site.nodes.length) : undefined), [choice, site.nodes.length]);
  const { state: check, recheck } = usePrecheck(site, fetched ? undefined : keys, services.exportConfigApi);
  const { run, start, reset } = useExportRun(site, siteKey?.keyId ?? '', services.sessionsApi);
  const running = run !== undefined && !run.finished;
  const problem = siteKey && siteKeyProblem(target, algorithm, siteKey.curve);

  // A different key or browser key makes fetched shares meaningless.
  useEffect(() => () => onFetched(undefined), [onFetched]);

  async function fetchShares() {
    if (!keys || !siteKey || !choice) return;
    setError(undefined);
    reset();
    onBusy(true);
    try {
      const final = await start(keys);
      if (final.outcome === 'done') {
        const bundle = assembleBundle({ views: final.nodes.map((n) => n.view!), fingerprints: keys.map((k) => k.fingerprint), expected: { keyId: siteKey.keyId, publicKey: siteKey.publicKey } });
        onFetched({ bundle, browserKeyId: choice.id, siteKey, siteName: site.name });
      }
    } catch (e) {
      setError(e instanceof ResultError ? e.message : `The shares could not be fetched: ${(e as Error).message}`);
    } finally {
      onBusy(false);
    }
  }

  if (keysState.status === 'loading') return <p className="muted" role="status">Reading the keys of site {site.name}…</p>;
  if (siteKeys.length === 0) return <p className="callout">Site {site.name} has no key that every node holds.</p>;
  if (list.status === 'loading') return <p className="muted" role="status">Reading this browser’s wrapping keys…</p>;
  if (list.status === 'failed') return <p role="alert" className="callout callout-error">{list.message}</p>;
  if (!choice) {
    return (
      <div className="callout empty-state">
        <p>This browser has no wrapping key yet; the nodes need one to wrap their shares for this browser.</p>
        <p>
          <Link to="/wrapping-keys">Generate one on Wrapping keys</Link>, add it to the export whitelist of every node of site {site.name}, and come back.
        </p>
      </div>
    );
  }
  const locked = running || fetched !== undefined;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-key`} className="field-label">
          Key
        </label>
        <select id={`${id}-key`} value={siteKey?.keyId} disabled={locked} onChange={(e) => setKeyId(e.target.value)}>
          {siteKeys.map((k) => (
            <option key={k.keyId} value={k.keyId}>
              {k.keyId} ({k.curve})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-browser`} className="field-label">
          Browser wrapping key
        </label>
        <select id={`${id}-browser`} value={choice.id} disabled={locked} onChange={(e) => setBrowserKeyId(e.target.value)}>
          {available.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label} (RSA {k.bits}, {k.shortFingerprint}…)
            </option>
          ))}
        </select>
        <p className="hint">Every node wraps its share under this key. Its private half cannot be read by any script; the BYOK worker unwraps with it.</p>
      </div>
      {problem && !fetched && (
        <p role="alert" className="callout callout-error" data-testid="byok-site-key-problem">
          Refused before any share is exported: {problem}
        </p>
      )}
      {keys && !fetched && !running && !problem && (
        <>
          <PrecheckPanel site={site} keys={keys} state={check} onRecheck={recheck} />
          {check.status === 'ready' && run === undefined && <StartExportButton admitted={check.result.ok} target="this browser (wrapped shares)" onStart={() => void fetchShares()} />}
        </>
      )}
      {run && !fetched && <RunProgress site={site} run={run} />}
      {run?.finished && run.outcome === 'failed' && <RecheckButton onRecheck={() => (reset(), recheck())} />}
      {error && (
        <p role="alert" className="callout callout-error">
          {error}
        </p>
      )}
      {fetched && (
        <p className="callout byok-shares-ready" role="status">
          Every node wrapped its share of {fetched.siteKey.keyId} for this browser. Nothing is whole yet: the worker recombines the key only to wrap it for the KMS.{' '}
          <button type="button" className="button" onClick={() => (onFetched(undefined), reset())}>
            Discard the shares
          </button>
        </p>
      )}
    </>
  );
}
