// Copying one key from the main site to its fail-over site (issue 11): the main nodes
// export it, each wrapping its share under the CURRENT wrapping key of the fail-over node
// with its own index; the fail-over nodes import it under the same key ID; then all 2n
// nodes must report the key with one public key. Before anything runs, both sites are
// read: a key the fail-over site already holds is skipped, one whose ID it uses for
// another key is a conflict (never overwritten, never exported), and one only some of its
// nodes hold is left for the operator to look at. Every failure names the key, the site
// and node, and why. The sync and the canary (pair-transfer.ts, canary.ts) build on this.
import { assembleBundle, exportJoinRequest, exportTargetsProblem, type ExportTarget } from './export-plan.ts';
import { leadingFailure, nodesText, runFailureSentence } from './failure-words.ts';
import { importJoinRequest } from './import-plan.ts';
import type { NodeKey } from './keys.ts';
import { NodeError } from './node-client.ts';
import { nodeErrorSentence } from './node-error-words.ts';
import type { RunPolicy, SiteRun } from './run-session.ts';
import { newSessionId } from './session-id.ts';
import { ResultError } from './session-result.ts';
import type { SiteClient } from './site-client.ts';
import type { Bundle } from '../crypto/bundle.ts';

/** Why a copy failed, in a word the caller can branch on. */
export type CopyFailureReason =
  | 'shape-mismatch'
  | 'unreachable'
  | 'not-on-main'
  | 'main-disagrees'
  | 'half-held'
  | 'conflict'
  | 'not-paired'
  | 'export-failed'
  | 'import-failed'
  | 'verify-failed'
  | 'aborted';

export interface CopyFailure {
  keyId: string;
  /** The site and node the failure is on, when it is on one. */
  site: string | null;
  node: number | null;
  reason: CopyFailureReason | (string & {});
  /** One sentence naming the key, the node and why. */
  message: string;
}

export type CopyOutcome = 'copied' | 'skipped' | 'conflict' | 'failed';

export interface KeyCopy {
  keyId: string;
  outcome: CopyOutcome;
  ms: number;
  /** Set for `failed` and `conflict`. */
  failure?: CopyFailure;
}

export type CopyPhase = 'export' | 'import' | 'verify';

export interface CopyOptions {
  signal?: AbortSignal;
  onPhase?: (phase: CopyPhase) => void;
  /** Join policy for the export and import sessions (default: retry unanswered joins, stop following once a node refused). */
  policy?: RunPolicy;
  now?: () => number;
}

/** The copy's join policy: as the CLI's sessions — joins that get no answer are sent twice more; a refusal ends the wait. */
const COPY_POLICY: RunPolicy = { pollMs: 200, joinAttempts: 3, joinRetryMs: 500, stopOnRefusal: true };

/** A step of the copy could not go on; `failure` says why. */
class CopyStop extends Error {
  constructor(readonly failure: CopyFailure) {
    super(failure.message);
  }
}

/** Each node's copy of the key (undefined: the node does not hold it); an unreadable node stops the copy, naming it. */
async function readKey(client: SiteClient, keyId: string, signal?: AbortSignal): Promise<Array<{ index: number; key: NodeKey | undefined }>> {
  const answers = await client.eachNode(async (apis, node, s) => {
    try {
      return await apis.keys.get(node, keyId, s);
    } catch (e) {
      if (e instanceof NodeError && e.status === 404) return undefined;
      throw e;
    }
  }, signal);
  return answers.map((a) => {
    if (a.ok) return { index: a.node.index, key: a.value };
    const aborted = a.error.code === 'aborted';
    throw new CopyStop({
      keyId,
      site: client.site.name,
      node: a.node.index,
      reason: aborted ? 'aborted' : 'unreachable',
      message: `key ${keyId}: ${aborted ? 'cancelled while reading it' : 'could not read it'} on site ${client.site.name} — ${nodeErrorSentence(a.error, a.node)}`,
    });
  });
}

/** Public key → the node indices holding it. */
function byPublicKey(held: ReadonlyArray<{ index: number; key: NodeKey | undefined }>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const h of held) if (h.key) out.set(h.key.publicKey, [...(out.get(h.key.publicKey) ?? []), h.index]);
  return out;
}

/** The public key every main node holds the key under; a copy stops when any lacks it or they differ. */
function mainPublicKey(main: SiteClient, keyId: string, held: ReadonlyArray<{ index: number; key: NodeKey | undefined }>): string {
  const site = main.site.name;
  const lacking = held.filter((h) => h.key === undefined).map((h) => h.index);
  if (lacking.length === held.length) throw new CopyStop({ keyId, site, node: null, reason: 'not-on-main', message: `key ${keyId} is not on site ${site}: no node holds it` });
  if (lacking.length > 0) {
    throw new CopyStop({
      keyId,
      site,
      node: lacking[0]!,
      reason: 'half-held',
      message: `key ${keyId} is half-held on site ${site}: ${nodesText(lacking)} ${lacking.length === 1 ? 'does' : 'do'} not hold it (${nodesText(held.filter((h) => h.key).map((h) => h.index))} do); it cannot be exported until every node holds it`,
    });
  }
  const keys = byPublicKey(held);
  if (keys.size > 1) {
    const [, odd] = [...keys.entries()].sort((a, b) => b[1].length - a[1].length);
    throw new CopyStop({
      keyId,
      site,
      node: odd![1][0]!,
      reason: 'main-disagrees',
      message: `key ${keyId}: the nodes of site ${site} hold different public keys under it (${[...keys.entries()].map(([pk, at]) => `${nodesText(at)} ${pk.slice(-16)}`).join(' vs ')}); do not copy it`,
    });
  }
  return [...keys.keys()][0]!;
}

/** skipped when the fail-over site already holds the key on every node; throws for a conflict or a half-held key. */
function failoverState(failover: SiteClient, keyId: string, publicKey: string, held: ReadonlyArray<{ index: number; key: NodeKey | undefined }>): 'absent' | 'present' {
  const site = failover.site.name;
  const other = held.filter((h) => h.key !== undefined && h.key.publicKey !== publicKey);
  if (other.length > 0) {
    throw new CopyStop({
      keyId,
      site,
      node: other[0]!.index,
      reason: 'conflict',
      message: `key ID ${keyId} is used on site ${site} (${nodesText(other.map((h) => h.index))}) for another key (public key …${other[0]!.key!.publicKey.slice(-16)}, main's is …${publicKey.slice(-16)}); it is never overwritten — resolve it by hand`,
    });
  }
  const holding = held.filter((h) => h.key !== undefined).map((h) => h.index);
  if (holding.length === held.length) return 'present';
  if (holding.length > 0) {
    const lacking = held.filter((h) => h.key === undefined).map((h) => h.index);
    throw new CopyStop({
      keyId,
      site,
      node: lacking[0]!,
      reason: 'half-held',
      message: `key ${keyId} is half-held on site ${site}: ${nodesText(holding)} hold it, ${nodesText(lacking)} ${lacking.length === 1 ? 'does' : 'do'} not; nothing is imported over it — look at ${nodesText(lacking)} (restore its share from a backup, or delete the key on ${nodesText(holding)} and sync again)`,
    });
  }
  return 'absent';
}

/** Fail-over node i's current wrapping key for main node i, in index order. */
async function failoverTargets(failover: SiteClient, keyId: string, signal?: AbortSignal): Promise<ExportTarget[]> {
  const answers = await failover.eachNode((apis, node, s) => apis.exportConfig.wrappingKeys(node, s), signal);
  return answers.map((a) => {
    if (a.ok) return { spki: a.value.spki, fingerprint: a.value.fingerprint };
    throw new CopyStop({ keyId, site: failover.site.name, node: a.node.index, reason: 'unreachable', message: `key ${keyId}: could not read fail-over node ${a.node.index}'s wrapping key — ${nodeErrorSentence(a.error, a.node)}` });
  });
}

/** A run that did not end done as a CopyStop: the node it names, and — for a whitelist refusal — that the sites are not paired. */
function runStop(run: SiteRun, client: SiteClient, keyId: string, kind: 'export' | 'import'): CopyStop {
  const lead = leadingFailure(run);
  const troubled = run.nodes.find((n) => n.phase === 'refused' || n.phase === 'lost') ?? run.nodes.find((n) => n.view?.state !== 'done');
  const node = lead?.failure.node ?? lead?.at ?? troubled?.index ?? null;
  const sentence = runFailureSentence(run, client.site);
  // A paired main node has export on and its counterpart's key on its whitelist.
  if (kind === 'export' && (lead?.failure.reason === 'not-whitelisted' || lead?.failure.reason === 'export-disabled')) {
    const why = lead.failure.reason === 'not-whitelisted' ? "refused to wrap its share for the fail-over node's wrapping key" : 'has export disabled';
    return new CopyStop({
      keyId,
      site: client.site.name,
      node,
      reason: 'not-paired',
      message: `key ${keyId}: the sites are not paired — ${client.site.name} node ${node ?? '?'} ${why}; run \`keyferry pair apply\` (or the console's pairing wizard) and sync again (${sentence})`,
    });
  }
  return new CopyStop({ keyId, site: client.site.name, node, reason: `${kind}-failed`, message: `key ${keyId}: the ${kind} failed: ${sentence}` });
}

async function exportBundle(main: SiteClient, keyId: string, publicKey: string, targets: ExportTarget[], options: CopyOptions): Promise<Bundle> {
  const request = exportJoinRequest(newSessionId(), keyId, targets);
  const run = await main.runSession(() => request, { ...COPY_POLICY, ...options.policy, ...(options.signal ? { signal: options.signal } : {}) });
  if (run.outcome !== 'done') throw runStop(run, main, keyId, 'export');
  try {
    return assembleBundle({ views: run.nodes.map((n) => n.view!), fingerprints: targets.map((t) => t.fingerprint), expected: { keyId, publicKey } });
  } catch (e) {
    if (e instanceof ResultError) throw new CopyStop({ keyId, site: main.site.name, node: null, reason: 'export-failed', message: `key ${keyId}: session ${run.sessionId} on site ${main.site.name}: ${e.message}` });
    throw e;
  }
}

async function importBundle(failover: SiteClient, keyId: string, bundle: Bundle, options: CopyOptions): Promise<void> {
  const sessionId = newSessionId();
  const run = await failover.runSession((index) => importJoinRequest(bundle, index, sessionId, { keyId }), { ...COPY_POLICY, ...options.policy, ...(options.signal ? { signal: options.signal } : {}) });
  if (run.outcome !== 'done') throw runStop(run, failover, keyId, 'import');
}

/** After the import: all 2n nodes must hold the key under the same public key. */
async function verify(main: SiteClient, failover: SiteClient, keyId: string, publicKey: string, signal?: AbortSignal): Promise<void> {
  for (const client of [main, failover]) {
    const held = await readKey(client, keyId, signal);
    const wrong = held.find((h) => h.key?.publicKey !== publicKey);
    if (wrong) {
      throw new CopyStop({
        keyId,
        site: client.site.name,
        node: wrong.index,
        reason: 'verify-failed',
        message: `key ${keyId}: after the copy ${client.site.name} node ${wrong.index} ${wrong.key === undefined ? 'does not hold it' : `holds another public key under it (…${wrong.key.publicKey.slice(-16)})`}`,
      });
    }
  }
}

/** Export keyId from main under fail-over's node wrapping keys (node i's for node i), import it on fail-over with the same ID, check the public key on all 2n nodes. */
export async function copyKey(main: SiteClient, failover: SiteClient, keyId: string, options: CopyOptions = {}): Promise<KeyCopy> {
  const now = options.now ?? Date.now;
  const started = now();
  const { signal } = options;
  try {
    if (main.site.nodes.length !== failover.site.nodes.length || main.site.threshold !== failover.site.threshold) {
      throw new CopyStop({
        keyId,
        site: null,
        node: null,
        reason: 'shape-mismatch',
        message: `key ${keyId}: site ${main.site.name} (n = ${main.site.nodes.length}, t = ${main.site.threshold}) and site ${failover.site.name} (n = ${failover.site.nodes.length}, t = ${failover.site.threshold}) differ; a key can only be copied between sites of the same n and t`,
      });
    }
    const [onMain, onFailover] = await Promise.all([readKey(main, keyId, signal), readKey(failover, keyId, signal)]);
    const publicKey = mainPublicKey(main, keyId, onMain);
    if (failoverState(failover, keyId, publicKey, onFailover) === 'present') return { keyId, outcome: 'skipped', ms: now() - started };

    options.onPhase?.('export');
    const targets = await failoverTargets(failover, keyId, signal);
    const problem = exportTargetsProblem(targets, main.site.nodes.length);
    if (problem !== undefined) throw new CopyStop({ keyId, site: failover.site.name, node: null, reason: 'export-failed', message: `key ${keyId}: the fail-over wrapping keys cannot be used: ${problem}` });
    const bundle = await exportBundle(main, keyId, publicKey, targets, options);

    options.onPhase?.('import');
    await importBundle(failover, keyId, bundle, options);

    options.onPhase?.('verify');
    await verify(main, failover, keyId, publicKey, signal);
    return { keyId, outcome: 'copied', ms: now() - started };
  } catch (e) {
    const ms = now() - started;
    if (e instanceof CopyStop) return { keyId, outcome: e.failure.reason === 'conflict' ? 'conflict' : 'failed', ms, failure: e.failure };
    if (signal?.aborted) return { keyId, outcome: 'failed', ms, failure: { keyId, site: null, node: null, reason: 'aborted', message: `key ${keyId}: the copy was cancelled` } };
    if (e instanceof NodeError) return { keyId, outcome: 'failed', ms, failure: { keyId, site: e.node?.site ?? null, node: e.node?.index ?? null, reason: 'unreachable', message: `key ${keyId}: ${nodeErrorSentence(e)}` } };
    throw e;
  }
}
