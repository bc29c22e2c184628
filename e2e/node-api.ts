// The e2e tests' calls to the cluster's nodes (arranging state, checking what a page did),
// through the client the console and the CLI use (src/client): a test sees a node exactly
// as the product does. A longer timeout than the console's: the tests share a busy machine.
import { createNodeClient } from '../src/client/node-client.ts';
import { createNodeApis } from '../src/client/site-client.ts';
import type { JoinSession } from '../src/protocol/session.ts';
import type { SiteProfile } from '../src/protocol/site-profile.ts';
import type { LocalCluster } from './fixtures.ts';

export type NodeProfile = SiteProfile['nodes'][number];

export const nodeApis = createNodeApis(createNodeClient({ timeoutMs: 15_000 }));

export function siteOf(cluster: LocalCluster, site: string): SiteProfile {
  const profile = cluster.profiles.find((p) => p.site === site);
  if (profile === undefined) throw new Error(`no site ${site}`);
  return profile;
}

export const nodeInfo = (node: NodeProfile) => nodeApis.info.get(node);
export const exportConfig = (node: NodeProfile) => nodeApis.exportConfig.get(node);
export const wrappingKeyOf = (node: NodeProfile) => nodeApis.exportConfig.wrappingKeys(node);
export const nodeKey = (node: NodeProfile, keyId: string) => nodeApis.keys.get(node, keyId);
export const joinSession = (node: NodeProfile, request: JoinSession) => nodeApis.sessions.join(node, request);
export const getSession = (node: NodeProfile, sessionId: string) => nodeApis.sessions.get(node, sessionId);

/** PUT /v1/export-config based on the version the node has now (the profiles' tokens are admin). */
export async function putExportConfig(node: NodeProfile, enableExport: boolean, whitelist: string[]) {
  const { version } = await exportConfig(node);
  return nodeApis.exportConfig.put(node, { enableExport, whitelist, version });
}
