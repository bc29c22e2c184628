// /sites/$site/whitelist: the site-wide whitelist matrix. The site must be connected.
import { createFileRoute } from '@tanstack/react-router';
import { SiteWhitelistMatrix } from '../features/whitelist/SiteWhitelistMatrix.tsx';
import { SiteNotConnected } from '../features/sites/SiteNotConnected.tsx';
import { useSites } from '../features/sites/site-store.ts';

export const Route = createFileRoute('/sites/$site/whitelist')({
  component: SiteWhitelistRoute,
});

function SiteWhitelistRoute() {
  const { services } = Route.useRouteContext();
  const { site: name } = Route.useParams();
  const site = useSites((s) => s.sites.find((x) => x.name === name));
  if (site === undefined) return <SiteNotConnected site={name} />;
  return <SiteWhitelistMatrix site={site} services={services} />;
}
