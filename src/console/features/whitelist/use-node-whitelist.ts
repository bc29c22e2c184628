// One node's export configuration as page state: loading / failed / ready (kept current
// from the node's event stream), the operator's draft (kept in the draft store), and applying it — with the answer to a refusal: a 409
// rebases the draft onto the node's current configuration and says what changed meanwhile,
// a 422 lists the refused entries.
import { useCallback, useEffect, useState } from 'react';
import { ExportConfig } from '../../../protocol/api.ts';
import type { ExportConfigApi, ExportConfigView } from '../../../client/export-config.ts';
import { NodeError, type NodeTarget } from '../../../client/node-client.ts';
import type { EventsApi } from '../../../client/event-stream.ts';
import { readNodeEvent } from '../../../protocol/events.ts';
import { reconnectLoop } from '../../../client/reconnect.ts';
import type { InfoApi } from '../../../client/info.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import { diffWhitelists, draftFrom, isEmptyDiff, rebase, toChange, type Draft, type WhitelistDiff } from './draft.ts';
import { nodeKeyOf, useWhitelistDrafts } from './draft-store.ts';

export type WhitelistLoad =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; config: ExportConfigView; role: string };

export type ApplyOutcome =
  | { kind: 'applied'; version: number }
  | { kind: 'conflict'; from: number; to: number; by: string; at: string; theirs: WhitelistDiff; notes: string[] }
  | { kind: 'refused'; message: string; entryErrors: string[] };

export interface NodeWhitelist {
  load: WhitelistLoad;
  /** The draft, or undefined until the configuration has loaded. */
  draft: Draft | undefined;
  outcome: ApplyOutcome | undefined;
  applying: boolean;
  /** Bumped after every change applied here or seen on the node, so the history reloads. */
  changeCount: number;
  edit: (change: (draft: Draft) => Draft) => void;
  discardDraft: () => void;
  apply: () => Promise<void>;
  reload: () => Promise<void>;
}

export function useNodeWhitelist(
  site: string,
  node: NodeTarget & { index: number },
  api: ExportConfigApi,
  infoApi: InfoApi,
  eventsApi: EventsApi,
): NodeWhitelist {
  const nodeKey = nodeKeyOf(site, node.index);
  const stored = useWhitelistDrafts((s) => s.drafts[nodeKey]);
  const save = useWhitelistDrafts((s) => s.save);
  const discard = useWhitelistDrafts((s) => s.discard);
  const [load, setLoad] = useState<WhitelistLoad>({ status: 'loading' });
  const [outcome, setOutcome] = useState<ApplyOutcome | undefined>();
  const [applying, setApplying] = useState(false);
  const [changeCount, setChangeCount] = useState(0);

  const [lastEventId, setLastEventId] = useState<number | undefined>();

  const reload = useCallback(async () => {
    setLoad({ status: 'loading' });
    try {
      const [config, info] = await Promise.all([api.get(node), infoApi.get(node)]);
      setLoad({ status: 'ready', config, role: info.you.role });
      setLastEventId(info.lastEventId);
    } catch (error) {
      setLoad({ status: 'failed', message: failureReason(error) });
    }
  }, [api, infoApi, node]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // Live: when someone else changes this node's export configuration, show it at once
  // (the list, or the "your draft is based on an older version" notice) and refresh history.
  useEffect(() => {
    if (lastEventId === undefined) return;
    const controller = new AbortController();
    let resumeFrom = lastEventId;
    const refresh = async () => {
      try {
        const config = await api.get(node, controller.signal);
        if (!controller.signal.aborted) setLoad((l) => (l.status === 'ready' && config.version > l.config.version ? { ...l, config } : l));
        setChangeCount((n) => n + 1);
      } catch {
        // The next event or the operator's next action will tell.
      }
    };
    // Quietly: this page shows no connection state; a failed stream is simply followed again.
    void reconnectLoop(
      (connection, connected) =>
        eventsApi.follow(node, {
          lastEventId: resumeFrom,
          signal: connection,
          onOpen: connected,
          onEvent: (event) => {
            const id = Number(event.lastEventId);
            if (Number.isSafeInteger(id) && id > resumeFrom) resumeFrom = id;
            if (readNodeEvent(event.data)?.type === 'export-config.changed') void refresh();
          },
        }),
      () => {},
      controller.signal,
    );
    return () => controller.abort();
  }, [lastEventId, api, eventsApi, node]);

  const draft = stored ?? (load.status === 'ready' ? draftFrom(load.config) : undefined);

  const edit = useCallback(
    (change: (d: Draft) => Draft) => {
      if (draft === undefined) return;
      const next = change(draft);
      setOutcome(undefined);
      // A draft equal to its base is no draft: drop it so nothing stale lingers.
      if (isEmptyDiff(diffWhitelists(next.base, next))) discard(nodeKey);
      else save(nodeKey, next);
    },
    [draft, discard, save, nodeKey],
  );

  const apply = useCallback(async () => {
    if (draft === undefined) return;
    setApplying(true);
    setOutcome(undefined);
    try {
      const after = await api.put(node, toChange(draft));
      discard(nodeKey);
      setLoad((l) => (l.status === 'ready' && after.version >= l.config.version ? { ...l, config: after } : l));
      setOutcome({ kind: 'applied', version: after.version });
      setChangeCount((n) => n + 1);
    } catch (error) {
      setOutcome(refusal(error, draft, (current) => {
        save(nodeKey, rebase(draft, current).draft);
        setLoad((l) => (l.status === 'ready' ? { ...l, config: current } : l));
      }));
    } finally {
      setApplying(false);
    }
  }, [api, node, draft, discard, save, nodeKey]);

  return { load, draft, outcome, applying, changeCount, edit, discardDraft: () => discard(nodeKey), apply, reload };
}

function refusal(error: unknown, draft: Draft, adopt: (current: ExportConfigView) => void): ApplyOutcome {
  if (error instanceof NodeError && error.status === 409) {
    const current = ExportConfig.safeParse(error.body?.current);
    if (current.success) {
      const { theirs, notes } = rebase(draft, current.data);
      adopt(current.data);
      return { kind: 'conflict', from: draft.base.version, to: current.data.version, by: current.data.updatedBy, at: current.data.updatedAt, theirs, notes };
    }
  }
  const entryErrors = error instanceof NodeError ? (error.body?.errors ?? []).map((e) => e.message) : [];
  return { kind: 'refused', message: failureReason(error), entryErrors };
}
