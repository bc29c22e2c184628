// /sites/$site/nodes/$index/whitelist: one node's export configuration — the current list,
// EnableExport and the wildcard, adding keys, review (diff + [Player] TOML) and apply with
// conflict handling, and the node's history of whitelist changes.
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import type { ConsoleServices } from '../../services.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { useSites } from '../sites/site-store.ts';
import type { Site } from '../sites/parse-profile.ts';
import { AddKeyPanel } from './AddKeyPanel.tsx';
import { addEntry, entryId, removeEntry, setExport, setWildcard, type Entry } from './draft.ts';
import { ExportControls } from './ExportControls.tsx';
import { originsByFingerprint } from './origins.ts';
import { PairingNotice } from './PairingNotice.tsx';
import { pairingVerdict, type NodePairing } from './pairing-warnings.ts';
import { useNodePairing } from './use-node-pairing.ts';
import { ReviewPanel } from './ReviewPanel.tsx';
import { useKnownKeys } from './use-known-keys.ts';
import { useNodeWhitelist } from './use-node-whitelist.ts';
import { WhitelistHistory } from './WhitelistHistory.tsx';
import { WhitelistTable } from './WhitelistTable.tsx';

type Services = Pick<ConsoleServices, 'exportConfigApi' | 'infoApi' | 'eventsApi' | 'wrappingKeys'>;

export function NodeWhitelistPage({ site, node, services }: { site: Site; node: Site['nodes'][number]; services: Services }) {
  const nodeName = `node ${node.index} of ${site.name}`;
  useDocumentTitle(`Whitelist — ${nodeName}`);
  const sites = useSites((s) => s.sites);
  const known = useKnownKeys(sites, services.exportConfigApi, services.wrappingKeys);
  const origins = useMemo(() => originsByFingerprint(known.keys), [known.keys]);
  const wl = useNodeWhitelist(site.name, node, services.exportConfigApi, services.infoApi, services.eventsApi);
  const record = useNodePairing(node, services.infoApi, wl.changeCount);
  const pairing = useMemo((): NodePairing | undefined => {
    if (record === null || record === undefined) return undefined;
    return { index: node.index, record, counterpartConnected: sites.some((s) => s.name === record.counterpartSite) };
  }, [record, node.index, sites]);
  const pairingCheck = pairing === undefined ? undefined : (id: string) => pairingVerdict(pairing, id, known.keys);
  const pairingWarning = pairingCheck === undefined ? undefined : (id: string) => {
    const verdict = pairingCheck(id);
    return verdict?.warn ? `Pairing: ${verdict.text}` : undefined;
  };

  const readOnlyReason =
    wl.load.status === 'ready' && wl.load.role !== 'admin'
      ? `Your token for ${nodeName} has the ${wl.load.role} role: you can look, but changing the whitelist needs an admin token.`
      : undefined;
  const readOnly = readOnlyReason !== undefined;

  function add(entry: Entry): string | undefined {
    if (wl.draft === undefined) return 'The configuration has not loaded yet.';
    const result = addEntry(wl.draft, entry);
    if (!result.ok) return result.message;
    wl.edit(() => result.draft);
    return undefined;
  }

  return (
    <section aria-labelledby="whitelist-heading" className="page">
      <p className="breadcrumb">
        <Link to="/">Sites</Link> › <Link to="/sites/$site/whitelist" params={{ site: site.name }}>Site {site.name} whitelists</Link> › Node {node.index}
      </p>
      <h1 id="whitelist-heading">
        Export whitelist of node {node.index}, site {site.name}
      </h1>
      <p className="lede">
        The node wraps its share for an export only under RSA keys on this list, and only with export enabled. Edits stay a draft in
        this tab until you review the diff and the resulting <code>[Player]</code> section and apply them.
      </p>
      {wl.load.status === 'loading' && <p className="muted" role="status">Reading {nodeName}’s export configuration…</p>}
      {wl.load.status === 'failed' && (
        <div role="alert" className="callout callout-error">
          <p>Could not read {nodeName}’s export configuration: {wl.load.message}.</p>
          <button type="button" className="button" onClick={() => void wl.reload()}>
            Try again
          </button>
        </div>
      )}
      {wl.load.status === 'ready' && wl.draft !== undefined && (
        <>
          {readOnlyReason !== undefined && <p className="callout">{readOnlyReason}</p>}
          {wl.draft.base.version !== wl.load.config.version && (
            <p className="callout callout-warn" data-testid="stale-draft">
              Your unapplied edits are based on version {wl.draft.base.version}; the node is at version {wl.load.config.version}. Applying will show what
              changed meanwhile and carry your edits over.
            </p>
          )}
          {pairing !== undefined && <PairingNotice pairing={pairing} draft={wl.draft} knownKeys={known.keys} />}
          <section className="card" aria-labelledby="current-heading">
            <h2 id="current-heading">Whitelist</h2>
            <p className="muted">
              Version {wl.load.config.version}, last changed by {wl.load.config.updatedBy} at {new Date(wl.load.config.updatedAt).toLocaleString()}.
            </p>
            <ExportControls
              nodeName={`node ${node.index}`}
              draft={wl.draft}
              readOnly={readOnly}
              onExport={(on) => wl.edit((d) => setExport(d, on))}
              onWildcard={(on) => wl.edit((d) => setWildcard(d, on))}
            />
            <WhitelistTable
              draft={wl.draft}
              origins={origins}
              readOnly={readOnly}
              onRemove={(id) => wl.edit((d) => removeEntry(d, id))}
              onRestore={(entry) => void add(entry)}
              pairingWarning={pairingWarning}
            />
            {known.failures.length > 0 && <p className="hint">Origins may be incomplete: could not read the wrapping keys of {known.failures.join('; ')}.</p>}
          </section>
          <AddKeyPanel
            listed={new Set(wl.draft.entries.map(entryId))}
            self={{ site: site.name, index: node.index }}
            knownKeys={known.keys}
            origins={origins}
            disabledReason={readOnly ? 'Adding keys needs an admin token.' : undefined}
            onAdd={add}
            pairingCheck={pairingCheck}
          />
          <ReviewPanel
            nodeName={`node ${node.index}`}
            draft={wl.draft}
            origins={origins}
            outcome={wl.outcome}
            applying={wl.applying}
            readOnly={readOnly}
            onApply={() => void wl.apply()}
            onDiscard={wl.discardDraft}
          />
          <WhitelistHistory node={node} api={services.exportConfigApi} origins={origins} refresh={wl.changeCount} />
        </>
      )}
    </section>
  );
}
