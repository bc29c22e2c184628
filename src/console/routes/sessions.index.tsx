// /sessions: the live session cockpit. Filters are search params, validated so a bad URL
// falls back to "all" (features/sessions/filters.ts).
import { createFileRoute } from '@tanstack/react-router';
import { parseSessionFilters, type SessionFilters } from '../features/sessions/filters.ts';
import { SessionsCockpit } from '../features/sessions/SessionsCockpit.tsx';
import { useSites } from '../features/sites/site-store.ts';

export const Route = createFileRoute('/sessions/')({
  validateSearch: (search: Record<string, unknown>): SessionFilters => parseSessionFilters(search),
  component: SessionsRoute,
});

function SessionsRoute() {
  const { services } = Route.useRouteContext();
  // The router keeps unknown and refused params beside the validated ones: read only the validated.
  const filters = parseSessionFilters(Route.useSearch());
  const navigate = Route.useNavigate();
  const sites = useSites((s) => s.sites);
  return <SessionsCockpit sites={sites} services={services} filters={filters} onFilters={(next) => void navigate({ search: next, replace: true })} />;
}
