// /sites/$site/backup: cold storage (raw backup, archive, restore) for the site the layout route resolved.
import { createFileRoute } from '@tanstack/react-router';
import { BackupPage } from '../features/backup/BackupPage.tsx';
import { useCurrentSite } from '../features/sites/CurrentSite.tsx';

export const Route = createFileRoute('/sites/$site/backup')({
  component: BackupRoute,
});

function BackupRoute() {
  const { services } = Route.useRouteContext();
  const site = useCurrentSite();
  return <BackupPage key={site.name} site={site} services={services} />;
}
