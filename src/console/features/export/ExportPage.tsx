// /sites/$site/keys/$keyId/export: export one key of a site, to another site (a
// keyferry-bundle/1 of shares wrapped for its nodes) or to this browser (shares wrapped for
// a browser wrapping key, unwrapped and recombined here after confirmation). The key is
// read from every node first: it must be on all of them, with one public key.
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import type { ConsoleServices } from '../../services.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { exportable } from '../keys/site-keys.ts';
import { useSiteKeys } from '../keys/use-site-keys.ts';
import type { Site } from '../sites/parse-profile.ts';
import { ToBrowserPanel } from './ToBrowserPanel.tsx';
import { ToSitePanel } from './ToSitePanel.tsx';

type Services = Pick<ConsoleServices, 'keysApi' | 'exportConfigApi' | 'sessionsApi' | 'wrappingKeys' | 'recoverKey'>;

export function ExportPage({ site, keyId, services }: { site: Site; keyId: string; services: Services }) {
  useDocumentTitle(`Export ${keyId} — site ${site.name}`);
  const id = useId();
  const { state } = useSiteKeys(site, services.keysApi);
  const [mode, setMode] = useState<'site' | 'browser'>('site');
  const [busy, setBusy] = useState(false);
  const key = state.status === 'ready' ? state.keys.find((k) => k.keyId === keyId) : undefined;
  const failed = state.status === 'ready' ? state.answers.filter((a): a is { index: number; error: string } => 'error' in a) : [];

  return (
    <section aria-labelledby="export-heading" className="page">
      <p className="breadcrumb">
        <Link to="/">Sites</Link> › <Link to="/sites/$site/keys" params={{ site: site.name }}>Site {site.name} keys</Link> › Export {keyId}
      </p>
      <h1 id="export-heading">
        Export key <span className="mono">{keyId}</span> from site {site.name}
      </h1>
      <p className="lede">
        Every node re-randomizes its share and wraps it under the wrapping key meant for it; only nodes whose export whitelist admits that key take part.
      </p>
      {state.status === 'loading' ? (
        <p className="muted" role="status">
          Reading key {keyId} from the {site.nodes.length} nodes…
        </p>
      ) : key === undefined ? (
        <div role="alert" className="callout callout-error">
          <p>
            No node of site {site.name} holds a key {keyId}
            {failed.length > 0 ? ` (node ${failed.map((f) => f.index).join(', ')} could not be read: ${failed[0]!.error})` : ''}.
          </p>
          <p>
            <Link to="/sites/$site/keys" params={{ site: site.name }}>See the site’s keys</Link>
          </p>
        </div>
      ) : (
        <>
          <dl className="card export-key-facts" aria-label="The key">
            <dt>Curve</dt>
            <dd>{key.curve}</dd>
            <dt>Public key fingerprint</dt>
            <dd className="mono">{key.fingerprint}</dd>
            <dt>Chain code</dt>
            <dd>{key.chainCode ? 'Yes (BIP32; exported wrapped with each share)' : 'No'}</dd>
            <dt>On nodes</dt>
            <dd>{key.presentOn.join(', ')}</dd>
          </dl>
          {!exportable(key) ? (
            <ul role="alert" className="callout callout-error">
              {key.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : (
            <>
              <fieldset className="mode-switch" disabled={busy}>
                <legend>Export to</legend>
                <label>
                  <input type="radio" name={`${id}-mode`} checked={mode === 'site'} onChange={() => setMode('site')} /> Another site (bundle)
                </label>
                <label>
                  <input type="radio" name={`${id}-mode`} checked={mode === 'browser'} onChange={() => setMode('browser')} /> This browser (the whole private key)
                </label>
              </fieldset>
              {mode === 'site' ? (
                <ToSitePanel site={site} siteKey={key} services={services} onBusy={setBusy} />
              ) : (
                <ToBrowserPanel site={site} siteKey={key} services={services} onBusy={setBusy} />
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
