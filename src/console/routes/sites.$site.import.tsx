// /sites/$site/import: the import wizard. The site must be connected.
import { createFileRoute } from '@tanstack/react-router';
import { ImportWizard } from '../features/import/ImportWizard.tsx';
import { SiteNotConnected } from '../features/sites/SiteNotConnected.tsx';
import { useSites } from '../features/sites/site-store.ts';

export const Route = createFileRoute('/sites/$site/import')({
  component: ImportRoute,
});

function ImportRoute() {
  const { services } = Route.useRouteContext();
  const { site: name } = Route.useParams();
  const site = useSites((s) => s.sites.find((x) => x.name === name));
  if (site === undefined) return <SiteNotConnected site={name} />;
  return <ImportWizard key={name} site={site} services={services} />;
}
