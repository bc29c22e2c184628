// The site a /sites/$site/… page is about, resolved once — by the sites.$site layout route,
// from the sites store — and handed to the page below it: a site this tab holds no profile
// for gets the designed "not connected" page here, so no page has to resolve it itself.
// The store is read live, so a site connected meanwhile (local profiles load at start-up)
// appears without a reload.
import { createContext, useContext, type ReactNode } from 'react';
import type { Site } from './parse-profile.ts';
import { SiteNotConnected } from './SiteNotConnected.tsx';
import { useSites } from './site-store.ts';

const SiteContext = createContext<Site | undefined>(undefined);

/** @param node the node the page is about, if any: "not connected" then names it too. */
export function CurrentSite({ name, node, children }: { name: string; node: number | undefined; children: ReactNode }) {
  const site = useSites((s) => s.sites.find((x) => x.name === name));
  if (site === undefined) return <SiteNotConnected site={name} {...(node === undefined ? {} : { node })} />;
  return <SiteContext.Provider value={site}>{children}</SiteContext.Provider>;
}

/** The connected site of the current /sites/$site/… page. */
export function useCurrentSite(): Site {
  const site = useContext(SiteContext);
  if (site === undefined) throw new Error('useCurrentSite: only pages under the /sites/$site layout route have a current site');
  return site;
}
