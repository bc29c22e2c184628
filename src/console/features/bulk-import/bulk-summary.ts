// What the bulk page shows, worked out outside React so it is unit-tested: the run's counts
// with the entries that could not be keys folded in (they are failures of the run, found
// before it started), the report in the order an operator reads it — failed first, each
// with its sentence, then skipped, then done — and the rate and time left as words.
import type { BulkKeyReport, BulkProgress } from '../../../client/bulk-import.ts';

export interface BulkCounts {
  total: number;
  done: number;
  skipped: number;
  failed: number;
  /** Reported so far, of total. */
  finished: number;
}

/** @param keys the keys the scan found; @param problems the entries that cannot be keys. */
export function bulkCounts(keys: number, problems: number, progress: BulkProgress | undefined): BulkCounts {
  const done = progress?.done ?? 0;
  const skipped = progress?.skipped ?? 0;
  const failed = (progress?.failed ?? 0) + problems;
  return { total: keys + problems, done, skipped, failed, finished: done + skipped + failed };
}

const ORDER: Record<BulkKeyReport['status'], number> = { failed: 0, skipped: 1, done: 2 };

/** The whole report: the entries that could not be keys, then each key's line; failed first, else input order. */
export function orderedReport(problems: readonly BulkKeyReport[], report: readonly BulkKeyReport[]): BulkKeyReport[] {
  return [...problems, ...report]
    .map((r, i) => ({ r, i }))
    .sort((a, b) => ORDER[a.r.status] - ORDER[b.r.status] || a.i - b.i)
    .map(({ r }) => r);
}

/** "about 2 min 5 s", "12 s", "under a second". */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  if (seconds < 1) return 'under a second';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A run's rate in words (bulk import's and migrate's progress both carry keysPerSecond). */
export function rateText<P extends { keysPerSecond: number }>(progress: P | undefined): string {
  if (progress === undefined || progress.keysPerSecond <= 0) return '—';
  const r = progress.keysPerSecond;
  return `${r >= 100 ? Math.round(r) : r.toFixed(1)} keys/s`;
}

export function timeLeftText(progress: BulkProgress | undefined): string {
  if (progress?.secondsLeft === undefined) return '—';
  return progress.secondsLeft === 0 ? 'none' : durationText(progress.secondsLeft);
}

/** The report's file name: the site and the moment, so runs do not overwrite each other. */
export function reportFileName(site: string, extension: 'csv' | 'json', at: Date = new Date()): string {
  const stamp = at.toISOString().slice(0, 19).replaceAll(':', '-');
  return `bulk-import-${site}-${stamp}.${extension}`;
}
