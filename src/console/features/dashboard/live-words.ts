// What a node's event-stream connection means in words: per node ("Live", "Reconnecting
// in 4 s") and per site, in a sentence that changes only when a node's state does (it is
// announced politely to screen readers, so it carries no countdown).
import type { LiveState } from './node-watch.ts';

export function nodeLiveText(live: LiveState | undefined, now: number): string {
  if (live === undefined || live.state === 'connecting') return 'Connecting…';
  if (live.state === 'live') return 'Live';
  const seconds = Math.max(1, Math.ceil((live.retryAt - now) / 1000));
  return `Reconnecting in ${seconds} s`;
}

export function siteLiveText(nodes: Array<{ index: number; live: LiveState | undefined }>): string {
  const liveCount = nodes.filter((n) => n.live?.state === 'live').length;
  if (liveCount === nodes.length) return 'Live';
  const reconnecting = nodes.filter((n) => n.live?.state === 'reconnecting').map((n) => n.index);
  if (reconnecting.length === 0) return 'Connecting…';
  const which = reconnecting.length === 1 ? `node ${reconnecting[0]}` : `nodes ${reconnecting.slice(0, -1).join(', ')} and ${reconnecting.at(-1)}`;
  return `Live from ${liveCount} of ${nodes.length} nodes; reconnecting to ${which}`;
}
