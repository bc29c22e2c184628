// /sites/$site/bulk-import: many keys from a folder or a JSONL manifest into the site the
// layout route resolved.
import { createFileRoute } from '@tanstack/react-router';
import { BulkImportPage } from '../features/bulk-import/BulkImportPage.tsx';
import { useCurrentSite } from '../features/sites/CurrentSite.tsx';

export const Route = createFileRoute('/sites/$site/bulk-import')({
  component: BulkImportRoute,
});

function BulkImportRoute() {
  const { services } = Route.useRouteContext();
  const site = useCurrentSite();
  return <BulkImportPage key={site.name} site={site} services={services} />;
}
