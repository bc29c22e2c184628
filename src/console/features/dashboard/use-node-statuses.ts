// Polls GET /v1/info on every node of a site every 5 s; each node succeeds or fails on
// its own, so one unreachable node never hides the others.
import { useEffect, useState } from 'react';
import type { InfoApi } from '../../api/info.ts';
import type { Site } from '../sites/parse-profile.ts';
import { failureReason, type NodeStatus } from './node-status.ts';

export const POLL_INTERVAL_MS = 5000;

export function useNodeStatuses(site: Site, infoApi: InfoApi): Record<number, NodeStatus> {
  const [statuses, setStatuses] = useState<Record<number, NodeStatus>>({});

  useEffect(() => {
    const controller = new AbortController();
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    const poll = async (node: Site['nodes'][number]) => {
      let status: NodeStatus;
      try {
        status = { state: 'reachable', info: await infoApi.get(node, controller.signal) };
      } catch (error) {
        if (controller.signal.aborted) return;
        status = { state: 'unreachable', reason: failureReason(error) };
      }
      if (controller.signal.aborted) return;
      setStatuses((s) => ({ ...s, [node.index]: status }));
      timers.push(setTimeout(() => void poll(node), POLL_INTERVAL_MS));
    };
    for (const node of site.nodes) void poll(node);
    return () => {
      controller.abort();
      for (const t of timers) clearTimeout(t);
    };
  }, [site, infoApi]);

  return statuses;
}
