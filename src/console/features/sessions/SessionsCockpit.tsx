// /sessions: every session any connected node knows, merged by site and session ID, live
// from the nodes' event streams, with filters kept in the URL.
import { Link } from '@tanstack/react-router';
import { useId } from 'react';
import { SessionKind, SessionState } from '../../../protocol/domain.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { useNow } from '../dashboard/use-node-statuses.ts';
import type { Site } from '../sites/parse-profile.ts';
import type { ConsoleServices } from '../../services.ts';
import { filterSessions, hasFilters, type SessionFilters } from './filters.ts';
import type { MergedSession } from './merge.ts';
import { NodeProblems } from './NodeProblems.tsx';
import { StateBadge } from './StateBadge.tsx';
import { failingNodes, useSessionFeeds } from './use-session-feeds.ts';
import { ageText, cellDescription, shownState } from './words.ts';

export interface SessionsCockpitProps {
  sites: readonly Site[];
  services: ConsoleServices;
  filters: SessionFilters;
  onFilters: (next: SessionFilters) => void;
}

export function SessionsCockpit({ sites, services, filters, onFilters }: SessionsCockpitProps) {
  useDocumentTitle('Sessions');
  const { feeds, sessions } = useSessionFeeds(sites, services);
  const now = useNow(true);
  const failing = failingNodes(feeds);
  const loading = Object.values(feeds).some((f) => f.status === 'loading');
  const shown = filterSessions(sessions, filters);
  const siteNames = sites.map((s) => s.name);

  return (
    <section aria-labelledby="sessions-heading" className="page sessions-page">
      <h1 id="sessions-heading">Sessions</h1>
      <p className="lede">
        Every keygen, export and import session the connected nodes know, live from their event streams. A session’s ID is shared by the
        nodes of its site; each node has its own column.
      </p>
      {sites.length === 0 ? (
        <div className="callout" data-testid="sessions-no-sites">
          <p>
            No sites connected, so there are no sessions to show. <Link to="/">Go to Sites</Link> and import a site profile.
          </p>
        </div>
      ) : (
        <>
          <Filters filters={filters} onFilters={onFilters} siteNames={siteNames} />
          <NodeProblems failing={failing} now={now} />
          <p role="status" className="muted" aria-label="Sessions summary">
            {loading && sessions.length === 0
              ? 'Reading sessions from the nodes…'
              : `${shown.length} of ${sessions.length} session${sessions.length === 1 ? '' : 's'} shown${loading ? ' (still reading some nodes)' : ''}.`}
          </p>
          {!loading && sessions.length === 0 && (
            <p className="callout" data-testid="sessions-empty">
              No node knows any session yet. Sessions live in each node’s memory: a restarted node has forgotten its sessions.
            </p>
          )}
          {sessions.length > 0 && shown.length === 0 && (
            <p className="callout" data-testid="sessions-none-match">
              No session matches these filters.{' '}
              <button type="button" className="button" onClick={() => onFilters({})}>
                Show all sessions
              </button>
            </p>
          )}
          {shown.length > 0 && <SessionsTable sessions={shown} sites={sites} now={now} />}
        </>
      )}
    </section>
  );
}

function Filters({ filters, onFilters, siteNames }: { filters: SessionFilters; onFilters: (f: SessionFilters) => void; siteNames: string[] }) {
  const id = useId();
  const set = (patch: Partial<SessionFilters>) => {
    const next: Record<string, string | undefined> = { ...filters, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined || next[k] === '') delete next[k];
    onFilters(next as SessionFilters);
  };
  return (
    <form className="card session-filters" aria-label="Filter sessions" onSubmit={(e) => e.preventDefault()}>
      <div className="session-filter">
        <label htmlFor={`${id}-site`}>Site</label>
        <select id={`${id}-site`} value={filters.site ?? ''} onChange={(e) => set({ site: e.target.value || undefined })}>
          <option value="">All sites</option>
          {siteNames.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
          {filters.site !== undefined && !siteNames.includes(filters.site) && <option value={filters.site}>{filters.site} (not connected)</option>}
        </select>
      </div>
      <div className="session-filter">
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select id={`${id}-kind`} value={filters.kind ?? ''} onChange={(e) => set({ kind: (e.target.value || undefined) as SessionFilters['kind'] })}>
          <option value="">All kinds</option>
          {SessionKind.options.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      <div className="session-filter">
        <label htmlFor={`${id}-state`}>State</label>
        <select id={`${id}-state`} value={filters.state ?? ''} onChange={(e) => set({ state: (e.target.value || undefined) as SessionFilters['state'] })}>
          <option value="">All states</option>
          {SessionState.options.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="session-filter">
        <label htmlFor={`${id}-key`}>Key ID contains</label>
        <input
          id={`${id}-key`}
          type="search"
          value={filters.key ?? ''}
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => set({ key: e.target.value || undefined })}
        />
      </div>
      {hasFilters(filters) && (
        <button type="button" className="button" onClick={() => onFilters({})}>
          Clear filters
        </button>
      )}
    </form>
  );
}

function SessionsTable({ sessions, sites, now }: { sessions: MergedSession[]; sites: readonly Site[]; now: number }) {
  const columns = Math.max(...sites.map((s) => s.nodes.length));
  const nodeHeaders = Array.from({ length: columns }, (_, i) => i + 1);
  return (
    <div className="table-scroll">
      <table className="node-table sessions-table" aria-label="Sessions">
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Kind</th>
            <th scope="col">Key ID</th>
            <th scope="col">Site</th>
            <th scope="col">Age</th>
            <th scope="col">State</th>
            {nodeHeaders.map((i) => (
              <th scope="col" key={i}>
                Node {i}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={`${s.site}/${s.sessionId}`} data-session={s.sessionId} data-state={s.state}>
              <th scope="row">
                <Link to="/sessions/$id" params={{ id: s.sessionId }} className="mono" aria-label={`Session ${s.sessionId}`}>
                  {s.sessionId.slice(0, 10)}…
                </Link>
              </th>
              <td>{s.kind}</td>
              <td className="mono">{s.keyId ?? '—'}</td>
              <td>{s.site}</td>
              <td title={s.createdAt}>{ageText(s.createdAt, now)}</td>
              <td>
                <StateBadge state={s.state} />
              </td>
              {nodeHeaders.map((i) => {
                const cell = s.cells.find((c) => c.index === i);
                const shown = cell === undefined ? undefined : shownState(cell, s.state);
                return (
                  <td key={i} data-node={i} data-cell-state={shown?.state ?? 'none'}>
                    {cell === undefined || shown === undefined ? '' : <StateBadge state={shown.state} label={cellDescription(cell)} />}
                    {shown?.reason !== undefined && <span className={shown.state === 'failed' ? 'session-cell-reason' : 'session-cell-stale'}>{shown.reason}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
