// Every node of every connected site, followed for sessions (session-feed.ts), one feed
// per node; everything stops when the page unmounts or the sites change.
import { useEffect, useMemo, useState } from 'react';
import type { ConsoleServices } from '../../services.ts';
import type { SessionView } from '../../../client/sessions.ts';
import type { Site } from '../sites/parse-profile.ts';
import { feedKey, mergeSessions, type MergedSession, type NodeFeed } from './merge.ts';
import { followNodeSessions, reduceFeed } from './session-feed.ts';

export interface SessionFeeds {
  feeds: Record<string, NodeFeed>;
  sessions: MergedSession[];
}

type Services = Pick<ConsoleServices, 'infoApi' | 'eventsApi' | 'sessionsApi'>;

/**
 * What each node last reported, kept for this tab's lifetime (public session views only),
 * so moving between the list and a session does not forget what an unreachable node said.
 */
const remembered = new Map<string, Record<string, SessionView>>();

export function useSessionFeeds(sites: readonly Site[], services: Services): SessionFeeds {
  const [feeds, setFeeds] = useState<Record<string, NodeFeed>>({});
  const { infoApi, eventsApi, sessionsApi } = services;

  useEffect(() => {
    const controller = new AbortController();
    const initial: Record<string, NodeFeed> = {};
    for (const site of sites) for (const node of site.nodes) {
      const key = feedKey(site.name, node.index);
      initial[key] = { site: site.name, index: node.index, status: 'loading', sessions: remembered.get(key) ?? {} };
    }
    setFeeds(initial);
    for (const site of sites) {
      for (const node of site.nodes) {
        const key = feedKey(site.name, node.index);
        void followNodeSessions(
          node,
          { infoApi, eventsApi, sessionsApi },
          (change) => setFeeds((all) => (all[key] === undefined ? all : { ...all, [key]: reduceFeed(all[key], change) })),
          controller.signal,
        );
      }
    }
    return () => controller.abort();
  }, [sites, infoApi, eventsApi, sessionsApi]);

  useEffect(() => {
    for (const [key, feed] of Object.entries(feeds)) remembered.set(key, feed.sessions);
  }, [feeds]);

  const sessions = useMemo(() => mergeSessions(sites, feeds), [sites, feeds]);
  return { feeds, sessions };
}

/** The nodes that cannot be heard, with why (shown above the table; the rest keep working). */
export function failingNodes(feeds: Record<string, NodeFeed>): NodeFeed[] {
  return Object.values(feeds).filter((f) => f.status === 'failing');
}
