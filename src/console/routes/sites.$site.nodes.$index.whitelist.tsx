// /sites/$site/nodes/$index/whitelist: one node's export whitelist. $index is validated as a
// node number; the site must be connected and have that node.
import { createFileRoute } from '@tanstack/react-router';
import { NodeWhitelistPage } from '../features/whitelist/NodeWhitelistPage.tsx';
import { SiteNotConnected } from '../features/sites/SiteNotConnected.tsx';
import { useSites } from '../features/sites/site-store.ts';

export const Route = createFileRoute('/sites/$site/nodes/$index/whitelist')({
  params: {
    parse: ({ site, index }) => ({ site, index: parseNodeIndex(index) }),
    stringify: ({ site, index }) => ({ site, index: String(index) }),
  },
  component: NodeWhitelistRoute,
});

/** "2" → 2; anything else is not a node and the route answers "not found". */
function parseNodeIndex(text: string): number {
  if (!/^[1-9][0-9]{0,2}$/.test(text)) throw new Error(`"${text}" is not a node number`);
  return Number(text);
}

function NodeWhitelistRoute() {
  const { services } = Route.useRouteContext();
  const { site: name, index } = Route.useParams();
  const site = useSites((s) => s.sites.find((x) => x.name === name));
  const node = site?.nodes.find((n) => n.index === index);
  if (site === undefined || node === undefined) return <SiteNotConnected site={name} node={index} />;
  return <NodeWhitelistPage key={`${name}/${index}`} site={site} node={node} services={services} />;
}
