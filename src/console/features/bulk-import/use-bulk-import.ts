// The bulk import page's state: the files chosen and what the scan found in them, then the
// run — importMany (src/client/bulk-import.ts) pulling keys from the files as it goes,
// splitting and wrapping them in the worker pool (workers/split-wrap-pool.ts), importing a
// batch per session — its progress after every batch, and the report. Stop asks the run to
// end after the batch in its session; a second run over the same files skips what is there.
import { useCallback, useEffect, useRef, useState } from 'react';
import { BulkImportError, importMany, type BulkKeyReport, type BulkProgress, type SplitWrapper } from '../../../client/bulk-import.ts';
import type { SiteClient } from '../../../client/site-client.ts';
import type { Site } from '../sites/parse-profile.ts';
import { createSplitWrapPool } from '../../workers/split-wrap-pool.ts';
import { readKeySources, scanKeySources, type KeySourceScan, type SourceFile } from './key-sources.ts';

export type BulkPhase = 'empty' | 'scanning' | 'ready' | 'running' | 'stopping' | 'finished';

export interface BulkImportState {
  phase: BulkPhase;
  /** What was chosen, in words: "folder keys (312 files)", "keys.jsonl". */
  chosen?: string;
  scan?: KeySourceScan;
  progress?: BulkProgress;
  /** Each key's line so far, in input order (the entries that could not be keys are in scan.problems). */
  report: BulkKeyReport[];
  /** Why the files could not be read or the run stopped short, naming the file or node and the fix. */
  error?: string;
  /** The run ended because Stop was pressed. */
  stopped?: boolean;
}

export interface BulkImportDeps {
  siteClient: (site: Site) => SiteClient;
  /** The split-and-wrap workers; the console's pool unless a test gives another. */
  createWrapper?: () => SplitWrapper;
}

function describeChoice(files: readonly SourceFile[]): string {
  const roots = new Set(files.map((f) => (f.path.includes('/') ? f.path.slice(0, f.path.indexOf('/')) : '')));
  if (files.length === 1) return files[0]!.path;
  if (roots.size === 1 && !roots.has('')) return `folder ${[...roots][0]} (${files.length} files)`;
  return `${files.length} files`;
}

export function useBulkImport(site: Site, deps: BulkImportDeps) {
  const [state, setState] = useState<BulkImportState>({ phase: 'empty', report: [] });
  const files = useRef<SourceFile[]>([]);
  const abort = useRef<AbortController | null>(null);
  const scanId = useRef(0);

  // Leaving the page stops the run after its batch (the pool is closed by importMany).
  useEffect(() => () => abort.current?.abort(), []);

  const choose = useCallback(async (chosen: SourceFile[]) => {
    const id = ++scanId.current;
    files.current = chosen;
    if (chosen.length === 0) {
      setState({ phase: 'empty', report: [], error: 'Nothing was chosen: pick a folder of key files or a .jsonl manifest.' });
      return;
    }
    setState({ phase: 'scanning', chosen: describeChoice(chosen), report: [] });
    try {
      const scan = await scanKeySources(chosen);
      if (id !== scanId.current) return;
      const error =
        scan.keys === 0
          ? `No keys found in ${describeChoice(chosen)}: give a folder of key files (one key per file, named after its key ID) or a .jsonl manifest with one {"keyId", "key"} per line.`
          : undefined;
      setState({ phase: scan.keys === 0 ? 'empty' : 'ready', chosen: describeChoice(chosen), scan, report: [], ...(error === undefined ? {} : { error }) });
    } catch (cause) {
      if (id !== scanId.current) return;
      setState({ phase: 'empty', chosen: describeChoice(chosen), report: [], error: `The files could not be read (${(cause as Error).message}); choose them again.` });
    }
  }, []);

  const start = useCallback(async () => {
    const scan = state.scan;
    if (scan === undefined || state.phase === 'running' || state.phase === 'stopping') return;
    const controller = new AbortController();
    abort.current = controller;
    const report: BulkKeyReport[] = [];
    setState((s) => ({ phase: 'running', ...(s.chosen === undefined ? {} : { chosen: s.chosen }), scan, report: [] }));
    const wrapper = (deps.createWrapper ?? (() => createSplitWrapPool()))();
    try {
      const result = await importMany(deps.siteClient(site), readKeySources(files.current), {
        wrapper,
        total: scan.keys,
        signal: controller.signal,
        onKey: (r) => report.push(r),
        onProgress: (progress) => setState((s) => ({ ...s, progress, report: [...report] })),
      });
      setState((s) => ({ ...s, phase: 'finished', progress: result.progress, report: result.report, stopped: controller.signal.aborted }));
    } catch (error) {
      const partial = error instanceof BulkImportError ? [...error.report] : report;
      const progress = error instanceof BulkImportError ? error.progress : undefined;
      setState((s) => ({
        ...s,
        phase: 'finished',
        report: partial,
        ...(progress === undefined ? {} : { progress }),
        error: `${(error as Error).message}. Run the import again to finish: keys already on every node are skipped.`,
      }));
    } finally {
      wrapper.close?.();
      if (abort.current === controller) abort.current = null;
    }
  }, [deps, site, state.phase, state.scan]);

  const stop = useCallback(() => {
    if (abort.current === null) return;
    abort.current.abort();
    setState((s) => (s.phase === 'running' ? { ...s, phase: 'stopping' } : s));
  }, []);

  return { state, choose, start, stop };
}
