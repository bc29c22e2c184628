// /sites/$site/keys: the keys of the site the layout route resolved, merged across its nodes.
import { createFileRoute } from '@tanstack/react-router';
import { SiteKeysPage } from '../features/keys/SiteKeysPage.tsx';
import { useCurrentSite } from '../features/sites/CurrentSite.tsx';

export const Route = createFileRoute('/sites/$site/keys/')({
  component: SiteKeysRoute,
});

function SiteKeysRoute() {
  const { services } = Route.useRouteContext();
  const site = useCurrentSite();
  return <SiteKeysPage key={site.name} site={site} services={services} />;
}
