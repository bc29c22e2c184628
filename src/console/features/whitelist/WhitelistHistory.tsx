// The node's audit history of whitelist changes (GET /v1/audit?action=export-config.update):
// who changed what and when, newest first, with "Show older" paging.
import { useCallback, useEffect, useId, useState } from 'react';
import type { AuditPage, ExportConfigApi } from '../../../client/export-config.ts';
import type { NodeTarget } from '../../../client/node-client.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import { DiffList } from './DiffList.tsx';

type Entry = AuditPage['entries'][number];
type State = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; entries: Entry[]; nextBefore: number | undefined };

export function WhitelistHistory({ node, api, origins, refresh }: { node: NodeTarget; api: ExportConfigApi; origins: Map<string, string[]>; refresh: number }) {
  const id = useId();
  const [state, setState] = useState<State>({ status: 'loading' });

  const loadPage = useCallback(
    async (before: number | undefined, previous: Entry[]) => {
      try {
        const page = await api.history(node, before);
        setState({ status: 'ready', entries: [...previous, ...page.entries], nextBefore: page.nextBefore });
      } catch (error) {
        setState({ status: 'failed', message: failureReason(error) });
      }
    },
    [api, node],
  );

  useEffect(() => {
    void loadPage(undefined, []);
  }, [loadPage, refresh]);

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>History of whitelist changes</h2>
      {state.status === 'loading' && <p className="muted">Loading the node’s audit log…</p>}
      {state.status === 'failed' && (
        <p role="alert" className="field-error">
          Could not read the audit log: {state.message}.
        </p>
      )}
      {state.status === 'ready' && state.entries.length === 0 && <p className="muted">No whitelist changes recorded on this node yet.</p>}
      {state.status === 'ready' && state.entries.length > 0 && (
        <>
          <ol className="history" aria-label="Whitelist changes, newest first" data-testid="whitelist-history">
            {state.entries.map((e) => (
              <li key={e.id}>
                <p>
                  <strong>Version {String(e.details.version ?? '?')}</strong> by {e.actor}, <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>; export{' '}
                  {e.details.enableExport === true ? 'enabled' : 'disabled'} after it
                </p>
                <DiffList diff={auditDiff(e.details)} origins={origins} label={`Change to version ${String(e.details.version ?? '?')}`} emptyText="The list of keys did not change." />
              </li>
            ))}
          </ol>
          {state.nextBefore !== undefined && (
            <button type="button" className="button" onClick={() => void loadPage(state.nextBefore, state.entries)}>
              Show older changes
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** An audit entry's details ({added, removed: fingerprints or "*", enableExport}) as a diff. */
function auditDiff(details: Record<string, unknown>) {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const entry = (f: string) => (f === '*' ? { key: '*' } : { key: f, fingerprint: f });
  return { added: list(details.added).map(entry), removed: list(details.removed).map(entry) };
}
