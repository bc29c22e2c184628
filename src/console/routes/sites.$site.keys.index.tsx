// /sites/$site/keys: the keys of a connected site, merged across its nodes.
import { createFileRoute } from '@tanstack/react-router';
import { SiteKeysPage } from '../features/keys/SiteKeysPage.tsx';
import { SiteNotConnected } from '../features/sites/SiteNotConnected.tsx';
import { useSites } from '../features/sites/site-store.ts';

export const Route = createFileRoute('/sites/$site/keys/')({
  component: SiteKeysRoute,
});

function SiteKeysRoute() {
  const { services } = Route.useRouteContext();
  const { site: name } = Route.useParams();
  const site = useSites((s) => s.sites.find((x) => x.name === name));
  if (site === undefined) return <SiteNotConnected site={name} />;
  return <SiteKeysPage key={name} site={site} services={services} />;
}
