// The cockpit's one picture of every session: each node's own list (GET /v1/sessions and
// its session.updated events) merged by site and session ID, one column per node of the
// site, and the state the session is in overall. Pure: the hooks feed it node feeds.
import type { SessionView } from '../../../client/sessions.ts';
import type { SessionKind, SessionState } from '../../../protocol/domain.ts';
import type { SessionUpdateNotice } from '../../../protocol/events.ts';

/** What the cockpit knows from one node: its sessions, and whether it is being heard. */
export interface NodeFeed {
  site: string;
  index: number;
  /** loading: the first list has not come; live: listed and following events; failing: the last attempt failed. */
  status: 'loading' | 'live' | 'failing';
  /** Why the node cannot be heard (failing). */
  reason?: string;
  /** Date.now() of the next reconnect attempt (failing). */
  retryAt?: number;
  /** Sessions by ID as this node last reported them (kept while it is failing). */
  sessions: Record<string, SessionView>;
}

export const feedKey = (site: string, index: number) => `${site}#${index}`;

export interface SiteNodes {
  name: string;
  nodes: ReadonlyArray<{ index: number }>;
}

/** One node's column of a session: its view, or why there is none. */
export type NodeCell =
  /** `stale`: the node cannot be heard right now; this is what it last reported. */
  | { index: number; kind: 'view'; view: SessionView; stale?: { reason: string } }
  /** The node answered and does not know the session (has not joined). */
  | { index: number; kind: 'absent' }
  /** The node could not be read (yet): nothing is known. */
  | { index: number; kind: 'unknown'; reason?: string };

export interface MergedSession {
  sessionId: string;
  site: string;
  kind: SessionKind;
  keyId?: string;
  /** The earliest createdAt any node reports. */
  createdAt: string;
  updatedAt: string;
  state: SessionState;
  cells: NodeCell[];
}

const ORDER: Record<SessionState, number> = { waiting: 0, agreed: 1, running: 2, done: 3, failed: 4 };

/**
 * Overall: failed as soon as one node failed; otherwise the least advanced node (a node
 * that answered without knowing the session counts as waiting: it has not joined); nodes
 * that cannot be read do not count.
 */
export function overallState(cells: readonly NodeCell[]): SessionState {
  const states: SessionState[] = cells.flatMap((c) => (c.kind === 'view' ? [c.view.state] : c.kind === 'absent' ? ['waiting' as const] : []));
  if (states.includes('failed')) return 'failed';
  if (states.length === 0) return 'waiting';
  return states.reduce((a, b) => (ORDER[b] < ORDER[a] ? b : a));
}

export function mergeSessions(sites: readonly SiteNodes[], feeds: Readonly<Record<string, NodeFeed>>): MergedSession[] {
  const merged: MergedSession[] = [];
  for (const site of sites) {
    const ids = new Set<string>();
    for (const node of site.nodes) for (const id of Object.keys(feeds[feedKey(site.name, node.index)]?.sessions ?? {})) ids.add(id);
    for (const sessionId of ids) {
      const cells: NodeCell[] = site.nodes.map((node) => {
        const feed = feeds[feedKey(site.name, node.index)];
        const view = feed?.sessions[sessionId];
        if (view !== undefined) {
          return feed?.status === 'failing' ? { index: node.index, kind: 'view', view, stale: { reason: feed.reason ?? 'not reachable' } } : { index: node.index, kind: 'view', view };
        }
        if (feed?.status === 'live') return { index: node.index, kind: 'absent' };
        return { index: node.index, kind: 'unknown', ...(feed?.reason === undefined ? {} : { reason: feed.reason }) };
      });
      const views = cells.flatMap((c) => (c.kind === 'view' ? [c.view] : []));
      const first = views[0]!;
      const keyId = views.map((v) => v.parameters.keyId).find((k): k is string => typeof k === 'string');
      merged.push({
        sessionId,
        site: site.name,
        kind: first.kind,
        ...(keyId === undefined ? {} : { keyId }),
        createdAt: views.map((v) => v.createdAt).reduce((a, b) => (b < a ? b : a)),
        updatedAt: views.map((v) => v.updatedAt).reduce((a, b) => (b > a ? b : a)),
        state: overallState(cells),
        cells,
      });
    }
  }
  // Newest first; ties by ID so the order is stable.
  return merged.sort((a, b) => (a.createdAt === b.createdAt ? a.sessionId.localeCompare(b.sessionId) : a.createdAt < b.createdAt ? 1 : -1));
}

/** The data of a session.updated event (src/protocol/events.ts), as far as the node sent it. */
export type SessionUpdated = SessionUpdateNotice;

/**
 * Applies an event to the node's copy of the view at once (the full view, with the
 * result, is re-read after): state, joined, failure, and a history entry at the event's time. Undefined
 * when the node's view is not known yet (the caller reads it).
 */
export function applyEvent(view: SessionView | undefined, event: SessionUpdated, at: string): SessionView | undefined {
  if (view === undefined) return undefined;
  const changed = view.state !== event.state;
  const next: SessionView = {
    ...view,
    state: event.state,
    joined: event.joined ?? view.joined,
    updatedAt: at > view.updatedAt ? at : view.updatedAt,
    history: changed ? [...view.history, { state: event.state, at }] : view.history,
  };
  if (event.failure !== undefined) next.failure = event.failure;
  return next;
}

/** A newer view wins; an older answer (a re-read that raced an event) is ignored. */
export function newerView(current: SessionView | undefined, incoming: SessionView): SessionView {
  if (current === undefined) return incoming;
  if (ORDER[incoming.state] < ORDER[current.state]) return current;
  if (incoming.history.length < current.history.length && incoming.state === current.state) return current;
  return incoming;
}
