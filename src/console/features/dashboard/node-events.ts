// The dashboard follows each node's event stream once (node-watch.ts, per site card) and
// passes every event on here, so other parts of the page — the pairing health — react to
// the same events without opening a second stream to every node.
import type { SseEvent } from '../../../client/event-stream.ts';

export type NodeEventListener = (site: string, index: number, event: SseEvent) => void;

export interface NodeEventHub {
  publish: NodeEventListener;
  /** Returns the unsubscribe function. */
  subscribe(listener: NodeEventListener): () => void;
}

export function createNodeEventHub(): NodeEventHub {
  const listeners = new Set<NodeEventListener>();
  return {
    publish: (site, index, event) => {
      for (const listener of listeners) listener(site, index, event);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
