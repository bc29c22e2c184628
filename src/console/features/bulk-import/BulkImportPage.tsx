// /sites/$site/bulk-import: many external keys into a site at once. The operator drops (or
// picks) a folder of key files or a .jsonl manifest; the page says how many keys it found
// and which entries cannot be keys; Start splits and wraps the keys in a pool of workers,
// one per core, and imports them a batch per session, with live counts, rate, time left and
// a progress bar; Stop ends after the batch in its session. The report lists failures
// first, each with its sentence, and downloads as CSV or JSON. Running it again over the
// same files skips the keys already on every node, so an interrupted import is resumed.
import { Link } from '@tanstack/react-router';
import { useId, useRef, useState, type DragEvent } from 'react';
import { reportToCsv, reportToJson } from '../../../client/bulk-import.ts';
import type { ConsoleServices } from '../../services.ts';
import { downloadText } from '../../shared/download.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import type { Site } from '../sites/parse-profile.ts';
import { BulkProgressPanel } from './BulkProgressPanel.tsx';
import { BulkReportTable } from './BulkReportTable.tsx';
import { bulkCounts, orderedReport, reportFileName } from './bulk-summary.ts';
import { filesFromDrop, filesFromInput } from './dropped-files.ts';
import { useBulkImport } from './use-bulk-import.ts';

type Services = Pick<ConsoleServices, 'siteClient'>;

export function BulkImportPage({ site, services }: { site: Site; services: Services }) {
  useDocumentTitle(`Bulk import — site ${site.name}`);
  const id = useId();
  const { state, choose, start, stop } = useBulkImport(site, services);
  const [dragging, setDragging] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const busy = state.phase === 'running' || state.phase === 'stopping';
  const scan = state.scan;
  const counts = bulkCounts(scan?.keys ?? 0, scan?.problems.length ?? 0, state.progress);
  const started = state.phase === 'running' || state.phase === 'stopping' || state.phase === 'finished';
  const fullReport = orderedReport(scan?.problems ?? [], state.report);

  function onDragOver(event: DragEvent) {
    if (busy || !Array.from(event.dataTransfer.types).includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  }

  async function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    if (busy) return;
    await choose(await filesFromDrop(event.dataTransfer));
  }

  function download(kind: 'csv' | 'json') {
    const text = kind === 'csv' ? reportToCsv(fullReport) : reportToJson(fullReport);
    downloadText(reportFileName(site.name, kind), text, kind === 'csv' ? 'text/csv' : 'application/json');
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="page">
      <p className="breadcrumb">
        <Link to="/">Sites</Link> ›{' '}
        <Link to="/sites/$site/keys" params={{ site: site.name }}>
          Site {site.name}
        </Link>{' '}
        › Bulk import
      </p>
      <h1 id={`${id}-heading`}>Bulk import into site {site.name}</h1>
      <p className="lede">
        Many keys at once: each is split into {site.nodes.length} shares (threshold {site.threshold}) and each share wrapped for its node in
        this browser’s workers; only wrapped shares leave the page. Keys already on every node are skipped, so an interrupted import is
        finished by running it again. One key at a time: <Link to="/sites/$site/import" params={{ site: site.name }}>Import a key</Link>.
      </p>

      <section className="card" aria-labelledby={`${id}-source`}>
        <h2 id={`${id}-source`}>1. The keys</h2>
        <p className="muted">
          A folder of key files (one private key per file, named after its key ID, e.g. <code>wallet-7.pem</code>) or a JSONL manifest
          with one <code>{'{"keyId": …, "key": …, "chainCode"?: …}'}</code> per line. Files are read one key at a time as the import
          goes.
        </p>
        <div
          className="dropzone"
          data-dragging={dragging ? 'true' : 'false'}
          data-testid="bulk-dropzone"
          onDragOver={onDragOver}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => void onDrop(event)}
        >
          <p>Drop a folder or a .jsonl file here, or choose:</p>
          <div className="form-actions">
            <button type="button" className="button" disabled={busy} onClick={() => folderInput.current?.click()}>
              Choose a folder…
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => fileInput.current?.click()}>
              Choose files…
            </button>
          </div>
          <input
            ref={folderInput}
            type="file"
            hidden
            aria-label="Folder of key files"
            // React does not know these attributes; the browser does.
            {...{ webkitdirectory: '', directory: '' }}
            onChange={(event) => {
              void choose(filesFromInput(event.currentTarget.files));
              event.currentTarget.value = '';
            }}
          />
          <input
            ref={fileInput}
            type="file"
            hidden
            multiple
            aria-label="Key files or a .jsonl manifest"
            onChange={(event) => {
              void choose(filesFromInput(event.currentTarget.files));
              event.currentTarget.value = '';
            }}
          />
        </div>
        <div role="status" aria-label="Keys found" className="status-line">
          {state.phase === 'scanning' && <p>Counting the keys in {state.chosen}…</p>}
          {scan !== undefined && state.phase !== 'scanning' && (
            <p>
              {state.chosen}: <strong>{scan.keys}</strong> {scan.keys === 1 ? 'key' : 'keys'} found
              {scan.problems.length > 0 && `, ${scan.problems.length} ${scan.problems.length === 1 ? 'entry' : 'entries'} that cannot be imported (listed in the report)`}.
            </p>
          )}
        </div>
        {state.error !== undefined && !started && (
          <p role="alert" className="field-error">
            {state.error}
          </p>
        )}
      </section>

      <section className="card" aria-labelledby={`${id}-run`}>
        <h2 id={`${id}-run`}>2. Import</h2>
        <div className="form-actions">
          <button type="button" className="button button-primary" disabled={scan === undefined || scan.keys === 0 || busy} aria-busy={busy} onClick={() => void start()}>
            {state.phase === 'finished' ? 'Run again' : 'Start'}
          </button>
          <button type="button" className="button" disabled={state.phase !== 'running'} onClick={stop}>
            Stop
          </button>
        </div>
        {started && <BulkProgressPanel counts={counts} progress={state.progress} phase={state.phase} stopped={state.stopped === true} />}
        {state.error !== undefined && started && (
          <p role="alert" className="field-error">
            {state.error}
          </p>
        )}
      </section>

      {(started || (scan?.problems.length ?? 0) > 0) && (
        <section className="card" aria-labelledby={`${id}-report`}>
          <h2 id={`${id}-report`}>3. Report</h2>
          <div className="form-actions">
            <button type="button" className="button" disabled={fullReport.length === 0} onClick={() => download('csv')}>
              Download report (CSV)
            </button>
            <button type="button" className="button" disabled={fullReport.length === 0} onClick={() => download('json')}>
              Download report (JSON)
            </button>
          </div>
          <BulkReportTable report={fullReport} />
        </section>
      )}
    </section>
  );
}
