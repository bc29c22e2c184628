// The dashboard at /: every connected site with its nodes, live over each node's event
// stream, warnings at a glance, and the control to add a site.
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { EventsApi } from '../../../client/event-stream.ts';
import type { InfoApi } from '../../../client/info.ts';
import type { SiteClient } from '../../../client/site-client.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { SiteImport } from '../sites/SiteImport.tsx';
import { useSites } from '../sites/site-store.ts';
import { SiteCard } from './SiteCard.tsx';
import { PairingHealthPanels } from './PairingHealthPanel.tsx';
import { usePairingHealth } from './use-pairing-health.ts';
import { createNodeEventHub } from './node-events.ts';
import type { Site } from '../sites/parse-profile.ts';

export function Dashboard({ infoApi, eventsApi, siteClient }: { infoApi: InfoApi; eventsApi: EventsApi; siteClient: (site: Site) => SiteClient }) {
  useDocumentTitle(undefined);
  const sites = useSites((s) => s.sites);
  const addSite = useSites((s) => s.addSite);
  const disconnect = useSites((s) => s.disconnect);
  const [events] = useState(createNodeEventHub);
  const pairings = usePairingHealth(sites, { infoApi, events, siteClient });

  return (
    <section aria-labelledby="dashboard-heading" className="page">
      <h1 id="dashboard-heading">Sites</h1>
      <p className="lede">
        Every connected site and its nodes, live: a change on a node shows here as it happens. To look at a key without sending it anywhere,{' '}
        <Link to="/inspect">inspect a key</Link>. To pair a main site with its fail-over site, open <Link to="/pairing">fail-over pairing</Link>.
      </p>
      <PairingHealthPanels entries={pairings} sites={sites} />
      {sites.length === 0 ? (
        <p className="callout">No sites connected. Import a site profile to connect to one.</p>
      ) : (
        sites.map((site) => <SiteCard key={site.name} site={site} infoApi={infoApi} eventsApi={eventsApi} onEvent={events.publish} onDisconnect={disconnect} />)
      )}
      <SiteImport onAdd={addSite} />
    </section>
  );
}
