// What the migrate page shows, worked out outside React so it is unit-tested: the plan in
// the order an operator reads it (conflicts and refusals first, each with its sentence,
// then the keys that will be worked on, then the skipped), the report the same way (failed
// and conflicts first), each action, status and phase in words, the keys the run never
// reached, what running again would finish, and the report's file name. The work itself is
// the client's (src/client/migrate.ts); nothing here talks to a node.
import {
  planCounts,
  type MigrateAction,
  type MigrateKeyResult,
  type MigratePlan,
  type MigrateProgress,
  type MigrateReport,
  type MigrateStatus,
  type PlannedKey,
} from '../../../client/migrate.ts';
import { durationText, rateText } from '../bulk-import/bulk-summary.ts';

export { rateText };

const PLAN_ORDER: Record<MigrateAction, number> = { conflict: 0, refuse: 1, copy: 2, 'finish-move': 3, skip: 4 };

/** Conflicts, then refusals, then copies and moves to finish, then skips; plan order (key ID) within each. */
export function orderedPlan(plan: MigratePlan): PlannedKey[] {
  return plan.keys
    .map((k, i) => ({ k, i }))
    .sort((a, b) => PLAN_ORDER[a.k.action] - PLAN_ORDER[b.k.action] || a.i - b.i)
    .map(({ k }) => k);
}

/** The planned action in words; a move's copy is a move (copy, check, delete). */
export function actionText(action: MigrateAction, move: boolean): string {
  switch (action) {
    case 'copy':
      return move ? 'Move' : 'Copy';
    case 'finish-move':
      return 'Finish the move';
    case 'skip':
      return 'Skip';
    case 'conflict':
      return 'Conflict';
    case 'refuse':
      return 'Refused';
  }
}

/** What the action does to this key, for the plan table's last column. */
export function actionWhy(key: PlannedKey, move: boolean, from: string, to: string): string {
  if (key.message !== undefined) return key.message;
  if (key.action === 'finish-move') return `already on every node of ${to} (checked again), then deleted from ${from}`;
  if (key.action === 'copy') {
    return move
      ? `copied to every node of ${to}, checked there, then deleted from ${from}${key.noCopy ? ' (noCopy: flagged on the target too)' : ''}`
      : `copied to every node of ${to} and checked there; stays on ${from}`;
  }
  return '';
}

export interface PlanSummary {
  /** Keys the run will work on: copy, and for a move the moves to finish. */
  toDo: number;
  /** Keys a move will delete from the source (0 for a copy). */
  toDelete: number;
  copy: number;
  finishMove: number;
  skip: number;
  conflict: number;
  refuse: number;
  total: number;
}

export function planSummary(plan: MigratePlan): PlanSummary {
  const c = planCounts(plan);
  const toDo = c.copy + c['finish-move'];
  return {
    copy: c.copy,
    finishMove: c['finish-move'],
    skip: c.skip,
    conflict: c.conflict,
    refuse: c.refuse,
    toDo,
    toDelete: plan.move ? toDo : 0,
    total: plan.keys.length,
  };
}

export const keysText = (n: number) => `${n} ${n === 1 ? 'key' : 'keys'}`;

const STATUS_ORDER: Record<MigrateStatus, number> = { failed: 0, conflict: 1, moved: 2, copied: 3, skipped: 4 };

export const STATUS_TEXT: Record<MigrateStatus, string> = { copied: 'Copied', moved: 'Moved', skipped: 'Skipped', conflict: 'Conflict', failed: 'Failed' };

/** Failed, then conflicts, then moved, copied and skipped; the run's order (plan order) within each. */
export function orderedResults(results: readonly MigrateKeyResult[]): MigrateKeyResult[] {
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => STATUS_ORDER[a.r.status] - STATUS_ORDER[b.r.status] || a.i - b.i)
    .map(({ r }) => r);
}

/** The report's sentence for a key: the client's, or for a copied or moved key what now holds it. */
export function resultWhy(r: MigrateKeyResult, from: string, to: string): string {
  if (r.message !== undefined) return r.message;
  if (r.status === 'copied') return `on every node of ${to} (checked); still on ${from}`;
  if (r.status === 'moved') return `on every node of ${to} (checked); deleted from every node of ${from}`;
  return r.reason ?? '';
}

export interface ResultCounts {
  copied: number;
  moved: number;
  skipped: number;
  conflict: number;
  failed: number;
  /** Keys of the plan with no result: the run stopped before them. */
  notReached: number;
  total: number;
}

export function resultCounts(plan: MigratePlan | undefined, results: readonly MigrateKeyResult[]): ResultCounts {
  const c = { copied: 0, moved: 0, skipped: 0, conflict: 0, failed: 0 };
  for (const r of results) c[r.status]++;
  const total = plan?.keys.length ?? results.length;
  return { ...c, notReached: Math.max(0, total - results.length), total };
}

/** The plan's keys the run has no result for, in plan order. */
export function notReached(plan: MigratePlan | undefined, results: readonly MigrateKeyResult[]): string[] {
  if (plan === undefined) return [];
  const reached = new Set(results.map((r) => r.keyId));
  return plan.keys.filter((k) => !reached.has(k.keyId)).map((k) => k.keyId);
}

/** Keys reported so far (every result is final when it is reported). */
export const keysDone = (p: MigrateProgress): number => p.copied + p.moved + p.skipped + p.conflicts + p.failed;

/** The phase of a run in words, naming the sites. */
export function phaseText(p: MigrateProgress, from: string, to: string): string {
  const batch = p.batches > 0 && p.batch > 0 ? `batch ${p.batch} of ${p.batches}` : '';
  switch (p.phase) {
    case 'read':
      return `Planned from every node of ${from} and ${to}; checking that ${from}’s nodes may export to ${to}…`;
    case 'export':
      return `Exporting ${batch} from ${from} (each node wraps its shares for its ${to} node)…`;
    case 'import':
      return `Importing ${batch} into ${to}…`;
    case 'verify':
      return `Checking ${batch} on every node of ${to}…`;
    case 'delete':
      return `Deleting ${batch} from ${from} (checked on every node of ${to})…`;
    case 'done':
      return 'Done.';
  }
}

export function timeLeftText(p: MigrateProgress | undefined): string {
  if (p === undefined) return '—';
  if (p.phase === 'done') return 'none';
  if (p.secondsLeft === undefined) return '—';
  return p.secondsLeft === 0 ? 'none' : durationText(p.secondsLeft);
}

/**
 * When the run left work that running it again finishes: the sentence that says so, or
 * undefined when there is none. Conflicts and half-held keys are hand work, not counted.
 */
export function finishNotice(report: Pick<MigrateReport, 'stopped' | 'unfinished' | 'move' | 'from' | 'to'>): string | undefined {
  const n = report.unfinished.length;
  if (report.stopped === undefined && n === 0) return undefined;
  const why = report.stopped === undefined ? '' : `The run stopped: ${report.stopped}. `;
  const left = n === 0 ? '' : `${keysText(n)} ${n === 1 ? 'is' : 'are'} not finished. `;
  const safe = report.move
    ? ` Every key is on every node of at least one site: none was deleted from ${report.from} before every ${report.to} node was checked to hold it.`
    : '';
  return `${why}${left}Running it again finishes ${n === 1 ? 'it' : 'them'}: the plan is read again from the nodes, so what is done is skipped.${safe}`;
}

/** The keys of the source matching the filter (key ID or curve, any case). */
export function filterKeys<K extends { keyId: string; curve: string }>(keys: readonly K[], filter: string): K[] {
  const f = filter.trim().toLowerCase();
  if (f === '') return [...keys];
  return keys.filter((k) => k.keyId.toLowerCase().includes(f) || k.curve.toLowerCase().includes(f));
}

/** The report's file name: both sites and the moment, so runs do not overwrite each other. */
export function reportFileName(from: string, to: string, extension: 'csv' | 'json', at: Date = new Date()): string {
  const stamp = at.toISOString().slice(0, 19).replaceAll(':', '-');
  return `migrate-${from}-to-${to}-${stamp}.${extension}`;
}
