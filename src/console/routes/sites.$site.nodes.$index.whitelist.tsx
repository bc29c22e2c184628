// /sites/$site/nodes/$index/whitelist: one node's export whitelist. $index is validated as a
// node number; the layout route resolved the site, and it must have that node.
import { createFileRoute } from '@tanstack/react-router';
import { NodeWhitelistPage } from '../features/whitelist/NodeWhitelistPage.tsx';
import { useCurrentSite } from '../features/sites/CurrentSite.tsx';
import { SiteNotConnected } from '../features/sites/SiteNotConnected.tsx';

export const Route = createFileRoute('/sites/$site/nodes/$index/whitelist')({
  params: {
    parse: ({ index }) => ({ index: parseNodeIndex(index) }),
    stringify: ({ index }) => ({ index: String(index) }),
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
  const { index } = Route.useParams();
  const site = useCurrentSite();
  const node = site.nodes.find((n) => n.index === index);
  if (node === undefined) return <SiteNotConnected site={site.name} node={index} />;
  return <NodeWhitelistPage key={`${site.name}/${index}`} site={site} node={node} services={services} />;
}
