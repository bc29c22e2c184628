// /sites/$site/keys/$keyId/export: export one key of a connected site, to another site (as a
// keyferry-bundle/1) or to this browser. The key ID is checked as a key ID; nothing secret
// is ever in the URL.
import { createFileRoute } from '@tanstack/react-router';
import { KEY_ID_PATTERN } from '../../crypto/names.ts';
import { ExportPage } from '../features/export/ExportPage.tsx';
import { SiteNotConnected } from '../features/sites/SiteNotConnected.tsx';
import { useSites } from '../features/sites/site-store.ts';

export const Route = createFileRoute('/sites/$site/keys/$keyId/export')({
  params: {
    parse: ({ site, keyId }) => {
      if (!KEY_ID_PATTERN.test(keyId)) throw new Error(`"${keyId}" is not a key ID`);
      return { site, keyId };
    },
    stringify: ({ site, keyId }) => ({ site, keyId }),
  },
  component: ExportRoute,
});

function ExportRoute() {
  const { services } = Route.useRouteContext();
  const { site: name, keyId } = Route.useParams();
  const site = useSites((s) => s.sites.find((x) => x.name === name));
  if (site === undefined) return <SiteNotConnected site={name} />;
  return <ExportPage key={`${name}/${keyId}`} site={site} keyId={keyId} services={services} />;
}
