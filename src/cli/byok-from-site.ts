// `keyferry byok --from-site`: a site's key brought to this process for BYOK wrapping,
// as the console's BYOK page does in its worker. Every node wraps its share under the
// public half of the operator's RSA key pair (which must be on each node's export
// whitelist: checked first, with the rule the nodes enforce), the shares are unwrapped
// and recombined in memory and checked against the public key the site reports for the
// key; the caller wraps the result for the KMS and wipes it. Nothing touches disk.
import { assembleBundle, exportJoinRequest, type ExportTarget } from '../client/export-plan.ts';
import { runFailureSentence } from '../client/failure-words.ts';
import type { NodeKey } from '../client/keys.ts';
import { nodeErrorSentence } from '../client/node-error-words.ts';
import type { RunPolicy } from '../client/run-session.ts';
import { newSessionId } from '../client/session-id.ts';
import { ResultError } from '../client/session-result.ts';
import { createSiteClient, type SiteClient } from '../client/site-client.ts';
import { toBase64 } from '../crypto/bytes.ts';
import { readUnwrappingKeyPair, type UnwrappingKeyPair } from '../crypto/byok-unwrapping-key.ts';
import type { ByokMaterial } from '../crypto/byok-compat.ts';
import type { PrivateKey } from '../crypto/private-key/types.ts';
import { fingerprint } from '../crypto/public-key.ts';
import { unwrapAndCombine } from '../crypto/share-transfer.ts';
import { admits } from '../protocol/export-whitelist.ts';
import { about } from './context.ts';
import { CliError } from './errors.ts';
import { readInput } from './io.ts';
import { CLI_REQUEST_TIMEOUT_MS, readSiteProfile, type ProfiledSite } from './site-profile.ts';

const POLICY: RunPolicy = { pollMs: 200, joinAttempts: 3, joinRetryMs: 500, stopOnRefusal: true };

export interface SiteKeySource {
  site: ProfiledSite;
  client: SiteClient;
  keyId: string;
  summary: NodeKey;
  pair: UnwrappingKeyPair;
  target: ExportTarget;
}

/** What a site key is, for the compatibility check (a site's Ed25519 key is only a scalar). */
export function siteKeyMaterial(summary: NodeKey): ByokMaterial {
  if (summary.curve === 'Ed25519') return { kind: 'ed25519', form: 'scalar' };
  return { kind: 'ec', curve: summary.curve as 'secp256k1' | 'P-256' | 'P-384' };
}

/** Reads the profile, the unwrapping key and the key's summary on every node; checks the whitelists. No session yet. */
export async function openSiteKey(siteArg: string, keyId: string, unwrappingFile: string): Promise<SiteKeySource> {
  const site = readSiteProfile(siteArg, '--from-site');
  const data = readInput(unwrappingFile, '--unwrapping-key');
  let pair: UnwrappingKeyPair;
  try {
    pair = await about(`--unwrapping-key ${unwrappingFile}`, () => readUnwrappingKeyPair(data, 'unwrapping key'));
  } finally {
    data.fill(0);
  }
  const target: ExportTarget = { spki: toBase64(pair.publicKey.der), fingerprint: fingerprint(pair.publicKey.der) };
  const client = createSiteClient(site, { timeoutMs: CLI_REQUEST_TIMEOUT_MS });
  const short = `${target.fingerprint.slice(0, 16)}…`;

  const configs = await client.eachNode((apis, node, signal) => apis.exportConfig.get(node, signal));
  for (const answer of configs) {
    if (!answer.ok) throw new CliError(`byok --from-site: cannot read the export whitelist: ${nodeErrorSentence(answer.error, answer.node)}`);
    const verdict = admits(answer.value, target.fingerprint);
    if (verdict === 'not-whitelisted' || verdict === 'export-disabled' || verdict === 'listed-export-off') {
      const why = verdict === 'not-whitelisted' ? `wrapping key ${short} (the public half of --unwrapping-key) is not on its export whitelist` : 'export is disabled on it (EnableExport = false)';
      throw new CliError(`byok --from-site: node ${answer.node.index} of site ${site.name} would refuse the export: ${why}; add the key to every node's whitelist first`);
    }
  }

  const keys = await client.eachNode((apis, node, signal) => apis.keys.get(node, keyId, signal));
  let summary: NodeKey | undefined;
  for (const answer of keys) {
    if (!answer.ok) throw new CliError(`byok --from-site: key ${keyId}: ${nodeErrorSentence(answer.error, answer.node)}`);
    if (summary && summary.publicKey !== answer.value.publicKey) {
      throw new CliError(`byok --from-site: the nodes of site ${site.name} report different public keys for key ${keyId}; do not export it`);
    }
    summary = answer.value;
  }
  return { site, client, keyId, summary: summary!, pair, target };
}

/** Runs the export to the unwrapping key, recombines in memory, verified against the site's public key. The caller wipes it. */
export async function exportSiteKey(source: SiteKeySource): Promise<PrivateKey> {
  const { site, client, keyId, target } = source;
  const sessionId = newSessionId();
  const run = await client.runSession(() => exportJoinRequest(sessionId, keyId, site.nodes.map(() => target)), POLICY);
  if (run.outcome !== 'done') throw new CliError(`byok --from-site: ${runFailureSentence(run, site)}`);
  let bundle;
  try {
    bundle = assembleBundle({ views: run.nodes.map((n) => n.view!), fingerprints: site.nodes.map(() => target.fingerprint), expected: { keyId, publicKey: source.summary.publicKey } });
  } catch (e) {
    if (e instanceof ResultError) throw new CliError(`byok --from-site: session ${sessionId}: ${e.message}`);
    throw e;
  }
  const unwrappers = bundle.shares.slice(0, bundle.threshold + 1).map((s) => ({ index: s.index, key: source.pair.key }));
  return about(`byok --from-site ${site.name} key ${keyId}`, () => unwrapAndCombine(bundle, unwrappers));
}
