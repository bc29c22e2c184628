// Keeps the dashboard's pairing health current without React: read the records and check
// every pairing, then again whenever a node of a connected site emits an event that can
// change a pairing (its record, whitelist, wrapping key or keys) and at a modest interval.
// Re-reads are coalesced, so a burst of events costs at most two rounds. The events are
// the ones the site cards already follow (node-events.ts): no second stream per node; a
// node that cannot be followed still gets the interval re-read. Everything stops when
// `signal` aborts.
import type { SseEvent } from '../../../client/event-stream.ts';
import type { InfoApi } from '../../../client/info.ts';
import { coalesce } from '../../../client/reconnect.ts';
import type { SiteClient } from '../../../client/site-client.ts';
import type { Site } from '../../../client/site.ts';
import { readNodeEvent } from '../../../protocol/events.ts';
import { checkPairing, readSiteRecords } from './pairing-check.ts';
import type { NodeEventHub } from './node-events.ts';
import { carryOver, findPairings, type FoundPairing, type PairingCheck } from './pairing-health.ts';

/** How often the health is re-read while no event arrives. */
export const HEALTH_REFRESH_MS = 20_000;

export interface PairingHealthEntry {
  pairing: FoundPairing;
  check: PairingCheck;
  /** Date.now() when the check finished (undefined while pending). */
  checkedAt?: number;
}

export interface PairingMonitorDeps {
  infoApi: InfoApi;
  /** The events the dashboard's site cards follow. */
  events: Pick<NodeEventHub, 'subscribe'>;
  siteClient: (site: Site) => SiteClient;
  refreshMs?: number;
}

/** Events after which a "paired" shown now may already be untrue: the panel says "Checking…" until the re-read is in. */
const UNSETTLING = new Set(['pairing.changed', 'export-config.changed', 'wrapping-key.rotated', 'wrapping-key.retired']);

/** Whether a node event can change what the pairing health says. */
export function affectsPairing(event: SseEvent): boolean {
  const parsed = readNodeEvent(event.data);
  const type = parsed?.type ?? event.type;
  switch (type) {
    case 'pairing.changed':
    case 'export-config.changed':
    case 'wrapping-key.rotated':
    case 'wrapping-key.retired':
    case 'key.deleted':
    case 'key.restored':
      return true;
    case 'session.updated':
      // A finished keygen or import stores a key.
      return parsed?.type === 'session.updated' && parsed.data.state === 'done';
    default:
      return false;
  }
}

/**
 * Calls `onUpdate` with every pairing found and its check: first with each pairing pending
 * (once the records are read), then with the results. On a re-read after a change to a
 * record, a whitelist or a wrapping key, each pairing is pending again until its new check
 * is in (what was paired may be paired no more); other re-reads keep the previous check shown.
 */
export function monitorPairingHealth(sites: readonly Site[], deps: PairingMonitorDeps, onUpdate: (entries: PairingHealthEntry[]) => void, signal: AbortSignal): void {
  const clients = new Map(sites.map((s) => [s.name, deps.siteClient(s)]));
  let first = true;
  let previous: FoundPairing[] = [];
  let unsettled = false;
  const round = coalesce(async () => {
    if (unsettled && previous.length > 0) onUpdate(previous.map((pairing) => ({ pairing, check: { kind: 'pending' } })));
    unsettled = false;
    const records = await readSiteRecords(sites, deps.infoApi, signal);
    if (signal.aborted) return;
    const pairings = carryOver(previous, findPairings(records), records);
    previous = pairings;
    if (first) {
      first = false;
      onUpdate(pairings.map((pairing) => ({ pairing, check: { kind: 'pending' } })));
    }
    const entries = await Promise.all(
      pairings.map(async (pairing): Promise<PairingHealthEntry> => ({ pairing, check: await checkPairing(pairing, (name) => clients.get(name)), checkedAt: Date.now() })),
    );
    if (!signal.aborted) onUpdate(entries);
  });
  round.request();

  const timer = setInterval(round.request, deps.refreshMs ?? HEALTH_REFRESH_MS);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });

  const names = new Set(sites.map((s) => s.name));
  const unsubscribe = deps.events.subscribe((site, _index, event) => {
    if (!names.has(site) || !affectsPairing(event)) return;
    if (UNSETTLING.has(readNodeEvent(event.data)?.type ?? event.type)) unsettled = true;
    round.request();
  });
  signal.addEventListener('abort', unsubscribe, { once: true });
}
