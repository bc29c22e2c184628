// /sites/$site/whitelist: the site-wide whitelist matrix of the site the layout route resolved.
import { createFileRoute } from '@tanstack/react-router';
import { SiteWhitelistMatrix } from '../features/whitelist/SiteWhitelistMatrix.tsx';
import { useCurrentSite } from '../features/sites/CurrentSite.tsx';

export const Route = createFileRoute('/sites/$site/whitelist')({
  component: SiteWhitelistRoute,
});

function SiteWhitelistRoute() {
  const { services } = Route.useRouteContext();
  const site = useCurrentSite();
  return <SiteWhitelistMatrix site={site} services={services} />;
}
