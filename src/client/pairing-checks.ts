// Before a pairing changes anything (the console wizard's first step, `keyferry pair
// apply`): what every node of both sites says about itself (GET /v1/info), turned into
// pass/fail checks with the reason and the fix —
// every node reachable, the same n and t on both sites, an admin token on every node
// (whitelists and pairing records are written on all 2n nodes) — and the wrapping-key
// fingerprint of each node, for reading aloud and pinning.
import type { NodeInfo } from './info.ts';
import { failureReason } from './node-error-words.ts';
import type { NodeAnswer, SiteClient } from './site-client.ts';
import type { Site } from './site.ts';

export type CheckId = 'reachable' | 'shape' | 'admin';

export interface PairingCheck {
  id: CheckId;
  ok: boolean;
  /** What is checked, e.g. "Every node of both sites is reachable". */
  title: string;
  /** Pass: one sentence why; fail: one sentence per node or field, naming it and the fix. */
  reasons: string[];
}

export interface NodeFingerprint {
  site: string;
  index: number;
  fingerprint: string;
}

export interface ChecksResult {
  checks: PairingCheck[];
  /** Every node that answered, main's first, in index order. */
  fingerprints: NodeFingerprint[];
  ok: boolean;
}

export interface SiteInfos {
  site: Site;
  answers: ReadonlyArray<NodeAnswer<NodeInfo>>;
}

/** Why this pair of sites cannot be chosen at all, or undefined. */
export function choiceProblem(main: string, failover: string): string | undefined {
  if (main === '' || failover === '') return 'Choose a main site and a fail-over site.';
  if (main === failover) return `Site ${main} is chosen twice: the fail-over site must be another site than the main site.`;
  return undefined;
}

export function buildChecks(main: SiteInfos, failover: SiteInfos): ChecksResult {
  const sites = [main, failover];
  const total = main.site.nodes.length + failover.site.nodes.length;
  const unreachable = sites.flatMap(({ site, answers }) =>
    answers.flatMap((a) => (a.ok ? [] : [`${site.name} node ${a.node.index} (${a.node.url}): ${failureReason(a.error)}. Start the node, or fix its URL or token in the site profile, then check again.`])),
  );
  const reachable: PairingCheck = {
    id: 'reachable',
    ok: unreachable.length === 0,
    title: 'Every node of both sites is reachable',
    reasons: unreachable.length === 0 ? [`All ${total} nodes answered GET /v1/info.`] : unreachable,
  };

  const shapeReasons: string[] = [];
  const shapeOf = (s: Site) => `n = ${s.nodes.length}, t = ${s.threshold}`;
  if (main.site.nodes.length !== failover.site.nodes.length || main.site.threshold !== failover.site.threshold) {
    shapeReasons.push(`Site ${main.site.name} has ${shapeOf(main.site)} and site ${failover.site.name} has ${shapeOf(failover.site)}: a pairing needs the same n and t on both, so node i has a counterpart i.`);
  }
  for (const { site, answers } of sites) {
    for (const a of answers) {
      if (!a.ok) continue;
      const info = a.value;
      const who = `${site.name} node ${a.node.index}`;
      if (info.n !== site.nodes.length || info.t !== site.threshold) {
        shapeReasons.push(`${who} says n = ${info.n}, t = ${info.t}, but its site profile says ${shapeOf(site)}: fix the profile or the node's configuration.`);
      }
      if (info.site !== site.name || info.index !== a.node.index) {
        shapeReasons.push(`${who} says it is ${info.site} node ${info.index}: the profile's URL points at another node; fix the profile.`);
      }
    }
  }
  const shape: PairingCheck = {
    id: 'shape',
    ok: shapeReasons.length === 0,
    title: 'Both sites have the same n and t',
    reasons: shapeReasons.length === 0 ? [`Both sites have ${shapeOf(main.site)}, and every node that answered agrees.`] : shapeReasons,
  };

  const notAdmin = sites.flatMap(({ site, answers }) =>
    answers.flatMap((a) =>
      !a.ok || a.value.you.role === 'admin'
        ? []
        : [`${site.name} node ${a.node.index}: the token (${a.value.you.name}) has the role ${a.value.you.role}, not admin. Whitelists and pairing records are written on all ${total} nodes: put an admin token for this node in the ${site.name} profile.`],
    ),
  );
  const unknownRole = unreachable.length > 0 ? ['The role of the tokens of unreachable nodes is not known yet.'] : [];
  const admin: PairingCheck = {
    id: 'admin',
    ok: notAdmin.length === 0 && unknownRole.length === 0,
    title: 'The token is admin on every node',
    reasons: notAdmin.length === 0 && unknownRole.length === 0 ? [`Every token is admin on all ${total} nodes.`] : [...notAdmin, ...unknownRole],
  };

  const fingerprints = sites.flatMap(({ site, answers }) => answers.flatMap((a) => (a.ok ? [{ site: site.name, index: a.node.index, fingerprint: a.value.wrappingKeyFingerprint }] : [])));
  const checks = [reachable, shape, admin];
  return { checks, fingerprints, ok: checks.every((c) => c.ok) };
}

/** Asks every node of both sites for GET /v1/info (nothing is changed) and builds the checks. */
export async function checkPairingSites(main: SiteClient, failover: SiteClient, signal?: AbortSignal): Promise<ChecksResult> {
  const infos = (c: SiteClient) => c.eachNode((apis, node, s) => apis.info.get(node, s), signal);
  const [m, f] = await Promise.all([infos(main), infos(failover)]);
  return buildChecks({ site: main.site, answers: m }, { site: failover.site, answers: f });
}

/**
 * Counterpart keys that changed between step 1 (the fingerprints shown, read aloud and
 * perhaps pinned) and the plan: the plan would whitelist a key nobody compared, so Apply
 * is held until the checks run again. One sentence per node, naming both fingerprints.
 */
export function counterpartKeyChanges(
  records: ReadonlyArray<{ expected: { counterpartSite: string; counterpartIndex: number; counterpartFingerprint: string } }>,
  shown: ReadonlyMap<string, string>,
): string[] {
  const seen = new Set<string>();
  return records.flatMap(({ expected: e }) => {
    const key = `${e.counterpartSite}/${e.counterpartIndex}`;
    const before = shown.get(key);
    if (before === undefined || before === e.counterpartFingerprint || seen.has(key)) return [];
    seen.add(key);
    return [`${e.counterpartSite} node ${e.counterpartIndex}'s wrapping key changed since the checks (was ${before.slice(0, 16)}…, now ${e.counterpartFingerprint.slice(0, 16)}…): check again and compare the new fingerprint before applying.`];
  });
}
