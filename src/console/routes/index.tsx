// /: the dashboard of connected sites.
import { createFileRoute } from '@tanstack/react-router';
import { Dashboard } from '../features/dashboard/Dashboard.tsx';

export const Route = createFileRoute('/')({
  component: DashboardPage,
});

function DashboardPage() {
  const { services } = Route.useRouteContext();
  return <Dashboard infoApi={services.infoApi} eventsApi={services.eventsApi} siteClient={services.siteClient} />;
}
