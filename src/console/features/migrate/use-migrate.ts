// The migrate page's state: the operator's choice (target site, which keys, copy or move,
// keys per batch), the plan read for it (readMigratePlan: every node of both sites, nothing
// changed), then the run — migrateKeys with its progress after every step of a batch and
// each key's result as it is final — and its report. Stop ends the run after the batch in
// hand. The run reads the plan again itself, so Run again finishes whatever a run left.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MAX_BATCH_KEYS } from '../../../client/batch.ts';
import {
  DEFAULT_MIGRATE_BATCH,
  MigrateError,
  migrateKeys,
  readMigratePlan,
  type MigrateErrorReason,
  type MigrateKeyResult,
  type MigratePlan,
  type MigrateProgress,
  type MigrateReport,
} from '../../../client/migrate.ts';
import type { SiteClient } from '../../../client/site-client.ts';
import type { Site } from '../sites/parse-profile.ts';

export interface MigrateChoice {
  /** The target site's name; '' until one is chosen. */
  target: string;
  /** Every key of the source, or the chosen ones. */
  scope: 'all' | 'chosen';
  /** The keys ticked in the list (kept while "all" is chosen, for switching back). */
  chosen: readonly string[];
  move: boolean;
  /** Keys per session, as typed (checked by batchSizeProblem). */
  batchSize: string;
}

export type ReviewState =
  { status: 'none' } | { status: 'reading' } | { status: 'ready'; plan: MigratePlan; choice: MigrateChoice; at: Date } | { status: 'error'; message: string };

export type RunPhase = 'idle' | 'running' | 'stopping' | 'finished';

export interface RunState {
  phase: RunPhase;
  /** The choice the run (or the last one) was started with: what Run again runs. */
  choice?: MigrateChoice;
  /** The plan the run made for itself (it reads the nodes again). */
  plan?: MigratePlan;
  progress?: MigrateProgress;
  /** Each key's final result so far, in the order they came. */
  results: MigrateKeyResult[];
  report?: MigrateReport;
  /** Why the run did not start (a MigrateError: nothing changed) or broke off, in a sentence. */
  error?: string;
  /** The run was refused before anything changed (the choice can be run again once fixed). */
  refused?: boolean;
  /** The refusal's reason, to offer the fix (the whitelists page for not-whitelisted). */
  refusedFor?: MigrateErrorReason;
}

export interface MigrateDeps {
  siteClient: (site: Site) => SiteClient;
}

export const DEFAULT_CHOICE: MigrateChoice = { target: '', scope: 'all', chosen: [], move: false, batchSize: String(DEFAULT_MIGRATE_BATCH) };

/** Why the typed batch size cannot be used, or undefined. */
export function batchSizeProblem(text: string): string | undefined {
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_BATCH_KEYS)
    return `Keys per batch must be a whole number from 1 to ${MAX_BATCH_KEYS}.`;
  return undefined;
}

const notConnected = (name: string) =>
  `site ${name} is not connected in this tab any more; connect it on the Sites page and choose it again; nothing was copied or deleted`;

const keyIdsOf = (choice: MigrateChoice) => (choice.scope === 'all' ? {} : { keyIds: choice.chosen });

export function useMigrate(source: Site, sites: readonly Site[], deps: MigrateDeps) {
  const [choice, setChoiceState] = useState<MigrateChoice>(DEFAULT_CHOICE);
  const [review, setReview] = useState<ReviewState>({ status: 'none' });
  const [run, setRun] = useState<RunState>({ phase: 'idle', results: [] });
  const sourceClient = useMemo(() => deps.siteClient(source), [deps, source]);
  const reviewId = useRef(0);
  const reviewAbort = useRef<AbortController | null>(null);
  const runAbort = useRef<AbortController | null>(null);
  /** Stop was pressed while the run still read the nodes: abort once the first batch starts. */

  // Leaving the page stops the run after the batch in hand, and drops a plan being read.
  useEffect(
    () => () => {
      reviewAbort.current?.abort();
      runAbort.current?.abort();
    },
    [],
  );

  const busy = review.status === 'reading' || run.phase === 'running' || run.phase === 'stopping';

  /** A new choice makes the plan shown stale: it is dropped (a finished run's report stays). */
  const setChoice = useCallback(
    (patch: Partial<MigrateChoice>) => {
      if (busy) return;
      setChoiceState((c) => ({ ...c, ...patch }));
      setReview({ status: 'none' });
      setRun((r) => (r.phase === 'idle' ? { phase: 'idle', results: [] } : r));
    },
    [busy],
  );

  /** The target's client; undefined when the site was disconnected meanwhile. */
  const targetClient = useCallback(
    (name: string) => {
      const target = sites.find((s) => s.name === name);
      return target === undefined ? undefined : deps.siteClient(target);
    },
    [deps, sites],
  );

  /** Reads the plan for `wanted` (nothing changes on any node); the plan, or undefined when it could not be read. */
  const readPlan = useCallback(
    async (wanted: MigrateChoice): Promise<MigratePlan | undefined> => {
      const id = ++reviewId.current;
      reviewAbort.current?.abort();
      const controller = new AbortController();
      reviewAbort.current = controller;
      setChoiceState(wanted);
      setReview({ status: 'reading' });
      setRun((r) => (r.phase === 'running' || r.phase === 'stopping' ? r : { phase: 'idle', results: [] }));
      const target = targetClient(wanted.target);
      if (target === undefined) {
        setReview({ status: 'error', message: notConnected(wanted.target) });
        return undefined;
      }
      try {
        const plan = await readMigratePlan(sourceClient, target, { ...keyIdsOf(wanted), move: wanted.move, signal: controller.signal, checkExport: true });
        if (id !== reviewId.current) return undefined;
        setReview({ status: 'ready', plan, choice: wanted, at: new Date() });
        return plan;
      } catch (error) {
        if (id !== reviewId.current) return undefined;
        setReview({ status: 'error', message: error instanceof MigrateError ? error.message : `The plan could not be read: ${(error as Error).message}` });
        return undefined;
      } finally {
        if (reviewAbort.current === controller) reviewAbort.current = null;
      }
    },
    [sourceClient, targetClient],
  );

  const start = useCallback(
    async (wanted: MigrateChoice) => {
      if (runAbort.current !== null) return;
      const target = targetClient(wanted.target);
      if (target === undefined) {
        setRun({ phase: 'idle', choice: wanted, results: [], error: notConnected(wanted.target), refused: true });
        return;
      }
      const controller = new AbortController();
      runAbort.current = controller;
      const results: MigrateKeyResult[] = [];
      setRun({ phase: 'running', choice: wanted, results: [] });
      try {
        const report = await migrateKeys(sourceClient, target, {
          ...keyIdsOf(wanted),
          move: wanted.move,
          batchSize: Number(wanted.batchSize.trim()),
          signal: controller.signal,
          onPlan: (plan) => setRun((r) => ({ ...r, plan })),
          onKey: (r) => results.push(r),
          onProgress: (progress) => setRun((r) => ({ ...r, progress, results: [...results] })),
        });
        setRun((r) => ({ ...r, phase: 'finished', plan: report.plan, progress: report.progress, results: report.results, report }));
      } catch (error) {
        if (error instanceof MigrateError) {
          // Thrown before anything was copied or deleted: the choice stands, to run once fixed.
          setRun({ phase: 'idle', choice: wanted, results: [], error: error.message, refused: true, refusedFor: error.reason });
        } else {
          setRun((r) => ({
            ...r,
            phase: 'finished',
            results: [...results],
            error: `The run broke off: ${(error as Error).message}. Run it again to finish: the plan is read again from the nodes, so what is done is skipped.`,
          }));
        }
      } finally {
        if (runAbort.current === controller) runAbort.current = null;
      }
    },
    [sourceClient, targetClient],
  );

  const stop = useCallback(() => {
    const controller = runAbort.current;
    if (controller === null) return;
    // migrateKeys ends after the batch in hand (before the first one when pressed during its reads).
    controller.abort();
    setRun((r) => (r.phase === 'running' ? { ...r, phase: 'stopping' } : r));
  }, []);

  return { choice, setChoice, review, readPlan, run, start, stop, busy };
}
