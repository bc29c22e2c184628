// The dashboard's fail-over pairing health, without React: which pairings the connected
// sites' nodes record (GET /v1/info `pairing`), and what one pairing's last check means to
// an operator — a headline ("main is paired with failover (one way)" or "not paired"), one
// alarm per problem naming its node, and each node's state. A node is called paired only
// after a check of it succeeded; while a check is pending or failed it is "not checked".
import type { PairingDirection, PairingRecord } from '../../../protocol/pairing.ts';
import type { PairingProblem } from '../../../client/pairing-state.ts';

/** What one site's nodes record, as their /v1/info said (null: no record; undefined: not read). */
export interface SiteRecords {
  site: string;
  nodes: ReadonlyArray<{ index: number; pairing: PairingRecord | null | undefined }>;
}

/** A pairing some connected site's nodes record: its two sites and whether each is connected here. */
export interface FoundPairing {
  /** "main→failover": one panel per pairing, whichever side recorded it. */
  id: string;
  main: string;
  failover: string;
  direction: PairingDirection;
  connected: { main: boolean; failover: boolean };
}

export const pairingId = (main: string, failover: string) => `${main}→${failover}`;

/** Every pairing the records name, once each, in the order the sites are connected. */
export function findPairings(sites: readonly SiteRecords[]): FoundPairing[] {
  const connected = new Set(sites.map((s) => s.site));
  const found = new Map<string, FoundPairing>();
  for (const site of sites) {
    for (const node of site.nodes) {
      const record = node.pairing;
      if (record === null || record === undefined) continue;
      const [main, failover] = record.role === 'main' ? [site.site, record.counterpartSite] : [record.counterpartSite, site.site];
      const id = pairingId(main, failover);
      if (found.has(id)) continue;
      found.set(id, { id, main, failover, direction: record.direction, connected: { main: connected.has(main), failover: connected.has(failover) } });
    }
  }
  return [...found.values()];
}

/**
 * The pairings found now, plus those found before that no longer show only because a node
 * of their connected sites could not be read: such a pairing stays (its check will say
 * what failed) rather than vanish. One every node read and none recorded is gone (unpaired).
 */
export function carryOver(previous: readonly FoundPairing[], found: readonly FoundPairing[], sites: readonly SiteRecords[]): FoundPairing[] {
  const unread = new Set(sites.filter((s) => s.nodes.some((n) => n.pairing === undefined)).map((s) => s.site));
  const connected = new Set(sites.map((s) => s.site));
  const kept = previous.filter(
    (p) => !found.some((f) => f.id === p.id) && (connected.has(p.main) || connected.has(p.failover)) && (unread.has(p.main) || unread.has(p.failover)),
  );
  return [...found, ...kept.map((p) => ({ ...p, connected: { main: connected.has(p.main), failover: connected.has(p.failover) } }))];
}

/** The last check of one pairing. */
export type PairingCheck =
  | { kind: 'pending' }
  | { kind: 'failed'; reason: string }
  /** Both sites connected: readPairing's answer (src/client/pairing-state.ts). */
  | { kind: 'both'; paired: boolean; problems: readonly PairingProblem[]; keysMissing: number; conflicts: number }
  /** Only `site` is connected: its whitelists against the fingerprints its records name. */
  | { kind: 'alone'; site: string; problems: readonly PairingProblem[] };

export type Tone = 'ok' | 'alarm' | 'pending' | 'partial';

export interface Alarm {
  /** "main node 1", or "keys" for a problem of the whole pairing. */
  where: string;
  code: PairingProblem['code'];
  title: string;
  message: string;
}

export type NodeHealthState = 'paired' | 'problem' | 'not-checked' | 'matches-record';

export interface NodeHealth {
  site: string;
  index: number;
  state: NodeHealthState;
  /** The words shown for the node (never "Paired" unless its check succeeded). */
  text: string;
}

export interface HealthView {
  tone: Tone;
  headline: string;
  /** A sentence under the headline (what could not be checked, and why). */
  detail?: string;
  alarms: Alarm[];
  /** Per node of both sites, index by index: main node i then fail-over node i. */
  nodes: NodeHealth[];
  /** Keys on main not yet on fail-over (both connected), for the link to /pairing. */
  keysMissing?: number;
}

const TITLES: Record<PairingProblem['code'], string> = {
  paired: 'Paired',
  missing: 'Counterpart key missing',
  'wrong-counterpart': 'Cross-index entry',
  wildcard: 'Wildcard',
  'extra-entries': 'Extra whitelist entries',
  'export-disabled': 'Export off',
  'not-recorded': 'Not recorded',
  'counterpart-rotated': 'Drift: counterpart rotated its wrapping key',
  'whitelist-changed': 'Whitelist changed',
  'keys-missing': 'Keys not yet on fail-over',
  'key-conflict': 'Key ID conflict',
  'key-half-held': 'Key half-held',
  'shape-mismatch': 'Sites differ in n or t',
};

export const problemTitle = (code: PairingProblem['code']): string => TITLES[code] ?? code;

const directionWords = (d: PairingDirection) => (d === 'both-ways' ? 'both ways' : 'one way');

function alarmOf(p: PairingProblem): Alarm {
  const where = p.node !== null && p.site !== null ? `${p.site} node ${p.node}` : p.site !== null ? `site ${p.site}` : 'keys';
  // The alarm names the node beside the message already; do not say it twice.
  const message = p.message.startsWith(`${where}: `) ? p.message.slice(where.length + 2) : p.message;
  return { where, code: p.code, title: problemTitle(p.code), message };
}

/** The most telling first: drift and changed whitelists before what follows from them (a key now missing). */
const PRIORITY: ReadonlyArray<PairingProblem['code']> = ['counterpart-rotated', 'whitelist-changed', 'wrong-counterpart', 'wildcard', 'not-recorded', 'missing', 'extra-entries', 'export-disabled'];
const rank = (p: PairingProblem) => {
  const at = PRIORITY.indexOf(p.code);
  return at < 0 ? PRIORITY.length : at;
};

/** Problems naming a node first (node by node, the most telling first), then the pairing-wide ones (keys). */
function alarmsOf(problems: readonly PairingProblem[]): Alarm[] {
  const sites = [...new Set(problems.map((p) => p.site))];
  const onNodes = problems.filter((p) => p.node !== null).map((p, at) => ({ p, at }));
  onNodes.sort((x, y) => x.p.node! - y.p.node! || sites.indexOf(x.p.site) - sites.indexOf(y.p.site) || rank(x.p) - rank(y.p) || x.at - y.at);
  return [...onNodes.map((x) => x.p), ...problems.filter((p) => p.node === null)].map(alarmOf);
}

/**
 * What to show for `pairing` after `check`. `indices` are the node indices of the sites
 * (1..n, from the connected profile).
 */
export function healthView(pairing: FoundPairing, check: PairingCheck, indices: readonly number[]): HealthView {
  const { main, failover } = pairing;
  const dir = directionWords(pairing.direction);
  const sites = [main, failover];
  const unchecked = (why: string): NodeHealth[] =>
    indices.flatMap((index) => sites.map((site) => ({ site, index, state: 'not-checked' as const, text: why })));

  if (check.kind === 'pending') {
    return { tone: 'pending', headline: `Checking the pairing of ${main} with ${failover}…`, alarms: [], nodes: unchecked('Checking…') };
  }
  if (check.kind === 'failed') {
    return {
      tone: 'alarm',
      headline: `The pairing of ${main} with ${failover} could not be checked`,
      detail: `${check.reason}. Until a check succeeds, no node is shown as paired.`,
      alarms: [],
      nodes: unchecked('Not checked'),
    };
  }

  const alarms = alarmsOf(check.problems);
  const onNode = (site: string, index: number) => check.problems.filter((p) => p.site === site && p.node === index).sort((x, y) => rank(x) - rank(y));

  if (check.kind === 'alone') {
    const absent = check.site === main ? failover : main;
    const nodes = indices.flatMap((index) =>
      sites.map((site): NodeHealth => {
        if (site !== check.site) return { site, index, state: 'not-checked', text: `Not checked: ${absent} is not connected` };
        const problems = onNode(site, index);
        return problems.length > 0
          ? { site, index, state: 'problem', text: problems.map((p) => problemTitle(p.code)).join('; ') }
          : { site, index, state: 'matches-record', text: 'Matches its record' };
      }),
    );
    return {
      tone: alarms.length > 0 ? 'alarm' : 'partial',
      headline: `${check.site} records a pairing with ${absent} (${dir}); ${absent} is not connected in this console`,
      detail: `Only what ${check.site} shows alone is checked: each node's record, and its whitelist against the fingerprint the record names. Connect ${absent} to check its nodes, their current wrapping keys and the keys on both sites.`,
      alarms,
      nodes,
    };
  }

  const nodes = indices.flatMap((index) =>
    sites.map((site): NodeHealth => {
      const problems = onNode(site, index);
      return problems.length > 0
        ? { site, index, state: 'problem', text: problems.map((p) => problemTitle(p.code)).join('; ') }
        : { site, index, state: 'paired', text: 'Paired' };
    }),
  );
  const paired = check.paired && nodes.every((n) => n.state === 'paired');
  return {
    tone: alarms.length > 0 || !paired ? 'alarm' : 'ok',
    headline: paired ? `${main} is paired with ${failover} (${dir})` : `${main} is not paired with ${failover}`,
    ...(paired ? {} : { detail: `The nodes of ${main} and ${failover} record a pairing (${dir}), but what they hold no longer says so; see the alarms.` }),
    alarms,
    nodes,
    keysMissing: check.keysMissing,
  };
}
