// /inspect: the "Inspect a key" tool. Nothing about the key goes into the URL.
import { createFileRoute } from '@tanstack/react-router';
import { InspectTool } from '../features/inspect/InspectTool.tsx';

export const Route = createFileRoute('/inspect')({
  component: InspectPage,
});

function InspectPage() {
  const { services } = Route.useRouteContext();
  return <InspectTool inspector={services.keyInspector} />;
}
