// /sessions/$id: one session across the nodes of its site.
import { createFileRoute } from '@tanstack/react-router';
import { SessionDetail } from '../features/sessions/SessionDetail.tsx';
import { useSites } from '../features/sites/site-store.ts';

export const Route = createFileRoute('/sessions/$id')({
  component: SessionRoute,
});

function SessionRoute() {
  const { services } = Route.useRouteContext();
  const { id } = Route.useParams();
  const sites = useSites((s) => s.sites);
  return <SessionDetail sessionId={id} sites={sites} services={services} />;
}
