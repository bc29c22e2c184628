// /byok: send a key to a cloud KMS (IBM, AWS, GCP, Azure, Vault/OpenBao). Nothing about the
// key, the target or its wrapping key goes into the URL.
import { createFileRoute } from '@tanstack/react-router';
import { ByokPage } from '../features/byok/ByokPage.tsx';

export const Route = createFileRoute('/byok')({
  component: ByokRoute,
});

function ByokRoute() {
  const { services } = Route.useRouteContext();
  return <ByokPage services={services} />;
}
