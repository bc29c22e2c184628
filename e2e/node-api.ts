// The e2e tests' calls to the cluster's nodes (arranging state, checking what a page did),
// through the client the console and the CLI use (src/client): a test sees a node exactly
// as the product does. A longer timeout than the console's: the tests share a busy machine.
import type { CurveName } from '../src/crypto/curves.ts';
import { runFailureSentence } from '../src/client/failure-words.ts';
import { createNodeClient } from '../src/client/node-client.ts';
import { newSessionId } from '../src/client/session-id.ts';
import { createNodeApis, createSiteClient, type SiteClient } from '../src/client/site-client.ts';
import { siteFromProfile } from '../src/client/site.ts';
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

/** A site client over the tests' node APIs. */
export const siteClientOf = (profile: SiteProfile): SiteClient => createSiteClient(siteFromProfile(profile), nodeApis);

/** A key generated jointly on every node of the site (a keygen session run to done); its public key. */
export async function keygenOn(profile: SiteProfile, curve: CurveName, keyId: string): Promise<string> {
  const client = siteClientOf(profile);
  const sessionId = newSessionId();
  const run = await client.runSession(() => ({ sessionId, kind: 'keygen', parameters: { curve, keyId } }));
  if (run.outcome !== 'done') throw new Error(`keygen of ${keyId} on ${profile.site}: ${runFailureSentence(run, client.site)}`);
  return (await nodeKey(profile.nodes[0]!, keyId)).publicKey;
}

/**
 * The worker's cluster is shared by the specs: put every node back as a new cluster has it
 * — export on with an empty whitelist, no pairing record — and delete the given keys.
 */
export async function resetCluster(cluster: LocalCluster, keyIds: readonly string[] = []): Promise<void> {
  for (const profile of cluster.profiles) {
    for (const node of profile.nodes) {
      await putExportConfig(node, true, []);
      const { version, pairing } = await nodeApis.pairing.get(node);
      if (pairing !== null) await nodeApis.pairing.put(node, { version, pairing: null });
      for (const keyId of keyIds) await nodeApis.keys.delete(node, keyId).catch(() => undefined);
    }
  }
}
