// /sites/$site/…: the layout of every page about one site. It resolves the site once
// (features/sites/CurrentSite.tsx: "not connected" when this tab holds no profile for it)
// and its pages read it with useCurrentSite().
import { createFileRoute, Outlet, useParams } from '@tanstack/react-router';
import { CurrentSite } from '../features/sites/CurrentSite.tsx';

export const Route = createFileRoute('/sites/$site')({
  component: SiteLayout,
});

function SiteLayout() {
  const { site } = Route.useParams();
  // On a node's page, "not connected" names the node as well (once $index parsed as a number).
  const { index } = useParams({ strict: false });
  return (
    <CurrentSite name={site} node={typeof index === 'number' ? index : undefined}>
      <Outlet />
    </CurrentSite>
  );
}
