// The nodes the cockpit cannot hear right now, each with why; the rest keep working.
import type { NodeFeed } from './merge.ts';

export function NodeProblems({ failing, now }: { failing: readonly NodeFeed[]; now: number }) {
  if (failing.length === 0) return null;
  return (
    <div role="status" aria-label="Nodes not reachable" className="callout callout-warn">
      <p>Some nodes cannot be read; their columns show what they last reported, or “—”.</p>
      <ul>
        {failing.map((f) => (
          <li key={`${f.site}#${f.index}`}>
            Site {f.site}, node {f.index}: {f.reason ?? 'not reachable'}
            {f.retryAt !== undefined && f.retryAt > now ? ` (retrying in ${Math.ceil((f.retryAt - now) / 1000)} s)` : ''}.
          </li>
        ))}
      </ul>
    </div>
  );
}
