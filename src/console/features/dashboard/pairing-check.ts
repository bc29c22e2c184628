// Reading the pairing health from the nodes, without React: every connected node's
// /v1/info for the pairings it records, then one check per pairing — the whole pairing
// state (src/client/pairing-state.ts) when both sites are connected here, or, when the
// counterpart site is not, what the connected site can show alone: each node's record, and
// its whitelist against the fingerprint that record names (src/client/pairing-drift.ts).
import type { InfoApi } from '../../../client/info.ts';
import { NodeError } from '../../../client/node-client.ts';
import { failureReason, nodeErrorSentence } from '../../../client/node-error-words.ts';
import { nodeRecord, recordProblems } from '../../../client/pairing-drift.ts';
import { readPairing, type PairingProblem } from '../../../client/pairing-state.ts';
import type { SiteClient } from '../../../client/site-client.ts';
import type { Site } from '../../../client/site.ts';
import { termsOf } from '../../../protocol/pairing.ts';
import type { FoundPairing, PairingCheck, SiteRecords } from './pairing-health.ts';

/** Every node's record as its /v1/info says; a node that cannot be read counts as unknown (undefined). */
export async function readSiteRecords(sites: readonly Site[], infoApi: InfoApi, signal?: AbortSignal): Promise<SiteRecords[]> {
  return Promise.all(
    sites.map(async (site) => ({
      site: site.name,
      nodes: await Promise.all(
        site.nodes.map(async (node) => {
          try {
            return { index: node.index, pairing: (await infoApi.get(node, signal)).pairing };
          } catch {
            return { index: node.index, pairing: undefined };
          }
        }),
      ),
    })),
  );
}

/** Why a check failed, in a sentence that names the node when one failed. */
export function checkFailure(error: unknown): string {
  if (error instanceof NodeError && error.node !== undefined) return nodeErrorSentence(error);
  return failureReason(error);
}

/** One pairing's check; never rejects (a failure is a `failed` check). */
export async function checkPairing(pairing: FoundPairing, clientOf: (site: string) => SiteClient | undefined): Promise<PairingCheck> {
  const main = clientOf(pairing.main);
  const failover = clientOf(pairing.failover);
  try {
    if (main !== undefined && failover !== undefined) {
      const state = await readPairing(main, failover, { bothWays: pairing.direction === 'both-ways' });
      return { kind: 'both', paired: state.paired, problems: state.problems, keysMissing: state.keys.missing.length, conflicts: state.keys.conflicts.length };
    }
    const alone = main ?? failover;
    if (alone === undefined) return { kind: 'failed', reason: `neither ${pairing.main} nor ${pairing.failover} is connected` };
    return { kind: 'alone', site: alone.site.name, problems: await checkAlone(alone, alone === main ? pairing.failover : pairing.main) };
  } catch (error) {
    return { kind: 'failed', reason: checkFailure(error) };
  }
}

/**
 * What one site shows about its pairing with `counterpart` without it: a node with no
 * record (or one naming another counterpart) is not recorded; a node whose whitelist the
 * pairing governs (main, or fail-over both ways) must hold exactly the recorded key.
 * Throws the NodeError of the first node that could not be read.
 */
export async function checkAlone(client: SiteClient, counterpart: string): Promise<PairingProblem[]> {
  const answers = await client.eachNode(async (apis, node, signal) => ({
    record: await apis.pairing.get(node, signal),
    config: await apis.exportConfig.get(node, signal),
  }));
  const site = client.site.name;
  return answers.flatMap((answer): PairingProblem[] => {
    if (!answer.ok) throw answer.error;
    const { index } = answer.node;
    const { record, config } = answer.value;
    const who = `${site} node ${index}`;
    if (record.pairing === null) {
      return [{ node: index, site, code: 'not-recorded', message: `${who}: holds no pairing record, while other nodes of ${site} record a pairing with ${counterpart}` }];
    }
    if (record.pairing.counterpartSite !== counterpart) {
      return [{ node: index, site, code: 'not-recorded', message: `${who}: its record names ${record.pairing.counterpartSite} as counterpart, not ${counterpart}` }];
    }
    const governed = record.pairing.role === 'main' || record.pairing.direction === 'both-ways';
    return recordProblems({ record: nodeRecord(site, index, record, termsOf(record.pairing)), whitelist: governed ? config : undefined });
  });
}
