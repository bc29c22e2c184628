// /wrapping-keys: browser wrapping keys. No params or search: keys and labels never go into the URL.
import { createFileRoute } from '@tanstack/react-router';
import { WrappingKeysTool } from '../features/wrapping-keys/WrappingKeysTool.tsx';

export const Route = createFileRoute('/wrapping-keys')({
  component: WrappingKeysPage,
});

function WrappingKeysPage() {
  const { services } = Route.useRouteContext();
  return <WrappingKeysTool service={services.wrappingKeys} />;
}
