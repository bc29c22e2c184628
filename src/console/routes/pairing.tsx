// /pairing: the fail-over pairing wizard. The two chosen site names live in the search
// params (?main=…&failover=…), so a reload comes back to the same pairing and reads its
// state from the nodes again; tokens never go into the URL.
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { PairingWizard } from '../features/pairing/PairingWizard.tsx';

const PairingSearch = z.object({
  main: z.string().max(64).optional().catch(undefined),
  failover: z.string().max(64).optional().catch(undefined),
});

export const Route = createFileRoute('/pairing')({
  validateSearch: (search: Record<string, unknown>) => PairingSearch.parse(search),
  component: PairingRoute,
});

function PairingRoute() {
  const { services } = Route.useRouteContext();
  const { main = '', failover = '' } = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <PairingWizard
      services={services}
      main={main}
      failover={failover}
      onChoose={(choice) =>
        void navigate({ search: { ...(choice.main ? { main: choice.main } : {}), ...(choice.failover ? { failover: choice.failover } : {}) }, replace: true })
      }
    />
  );
}
