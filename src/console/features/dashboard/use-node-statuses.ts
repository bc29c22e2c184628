// Every node of a site, live: one watchNode (node-watch.ts) per node, each on its own, so
// one unreachable node never hides the others. Everything stops when the site card unmounts.
import { useEffect, useState } from 'react';
import type { EventsApi } from '../../../client/event-stream.ts';
import type { InfoApi } from '../../../client/info.ts';
import type { Site } from '../sites/parse-profile.ts';
import type { NodeEventListener } from './node-events.ts';
import type { NodeStatus } from './node-status.ts';
import { watchNode, type LiveState } from './node-watch.ts';

export interface NodeStatuses {
  statuses: Record<number, NodeStatus>;
  live: Record<number, LiveState>;
}

export function useNodeStatuses(site: Site, infoApi: InfoApi, eventsApi: EventsApi, onEvent?: NodeEventListener): NodeStatuses {
  const [statuses, setStatuses] = useState<Record<number, NodeStatus>>({});
  const [live, setLive] = useState<Record<number, LiveState>>({});

  useEffect(() => {
    const controller = new AbortController();
    for (const node of site.nodes) {
      void watchNode(
        node,
        { infoApi, eventsApi },
        {
          status: (status) => setStatuses((s) => ({ ...s, [node.index]: status })),
          live: (state) => setLive((l) => ({ ...l, [node.index]: state })),
          ...(onEvent ? { event: (event) => onEvent(site.name, node.index, event) } : {}),
        },
        controller.signal,
      );
    }
    return () => controller.abort();
  }, [site, infoApi, eventsApi, onEvent]);

  return { statuses, live };
}

/** Date.now(), re-read every second while `ticking` (for "reconnecting in N s"). */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
