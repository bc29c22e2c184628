// /sites/$site/keys/$keyId/export: export one key of the site the layout route resolved, to
// another site (as a keyferry-bundle/1) or to this browser. The key ID is checked as a key
// ID; nothing secret is ever in the URL.
import { createFileRoute } from '@tanstack/react-router';
import { ExportPage } from '../features/export/ExportPage.tsx';
import { useCurrentSite } from '../features/sites/CurrentSite.tsx';
import { isKeyId } from '../shared/key-id.ts';

export const Route = createFileRoute('/sites/$site/keys/$keyId/export')({
  params: {
    parse: ({ keyId }) => {
      if (!isKeyId(keyId)) throw new Error(`"${keyId}" is not a key ID`);
      return { keyId };
    },
    stringify: ({ keyId }) => ({ keyId }),
  },
  component: ExportRoute,
});

function ExportRoute() {
  const { services } = Route.useRouteContext();
  const { keyId } = Route.useParams();
  const site = useCurrentSite();
  return <ExportPage key={`${site.name}/${keyId}`} site={site} keyId={keyId} services={services} />;
}
