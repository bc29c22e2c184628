// /sites/$site/import: the import wizard for the site the layout route resolved.
import { createFileRoute } from '@tanstack/react-router';
import { ImportWizard } from '../features/import/ImportWizard.tsx';
import { useCurrentSite } from '../features/sites/CurrentSite.tsx';

export const Route = createFileRoute('/sites/$site/import')({
  component: ImportRoute,
});

function ImportRoute() {
  const { services } = Route.useRouteContext();
  const site = useCurrentSite();
  return <ImportWizard key={site.name} site={site} services={services} />;
}
