// /sites/$site/migrate: copy or move keys from the site the layout route resolved to another
// connected site, keeping their key IDs (keyferry migrate in the console).
import { createFileRoute } from '@tanstack/react-router';
import { MigratePage } from '../features/migrate/MigratePage.tsx';
import { useCurrentSite } from '../features/sites/CurrentSite.tsx';

export const Route = createFileRoute('/sites/$site/migrate')({
  component: MigrateRoute,
});

function MigrateRoute() {
  const { services } = Route.useRouteContext();
  const site = useCurrentSite();
  return <MigratePage key={site.name} site={site} services={services} />;
}
