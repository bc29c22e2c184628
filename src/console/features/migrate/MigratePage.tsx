// /sites/$site/migrate: the console's `keyferry migrate --from <this site> --to <site>`. The
// operator chooses the target site (another connected site), the keys (all of this site's,
// or a chosen subset from a filterable list), Copy or Move, and the keys per batch; Review
// reads every node of both sites and shows what would happen to each key, changing nothing;
// Start runs it (a Move after a confirmation naming how many keys will be deleted from this
// site) with the phase, batch, keys done, rate, time left and a progress bar; Stop ends after
// the batch in hand. The report lists failures and conflicts first with their sentences and
// downloads as CSV or JSON; when the run left keys, Run again plans again and finishes them.
// The work is the client's (src/client/migrate.ts); this page only shows it.
import { Link } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import { migrateReportRows, migrateReportToCsv, migrateReportToJson } from '../../../client/migrate.ts';
import type { ConsoleServices } from '../../services.ts';
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import { downloadText } from '../../shared/download.ts';
import { SiteSelect } from '../../shared/SiteSelect.tsx';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { useSiteKeys } from '../keys/use-site-keys.ts';
import type { Site } from '../sites/parse-profile.ts';
import { useSites } from '../sites/site-store.ts';
import { MigrateProgressPanel } from './MigrateProgressPanel.tsx';
import { MigrateReportTable } from './MigrateReportTable.tsx';
import { PlanReview } from './PlanReview.tsx';
import { SourceKeyPicker } from './SourceKeyPicker.tsx';
import { finishNotice, keysText, notReached, planSummary, reportFileName, resultCounts, type PlanSummary } from './migrate-summary.ts';
import { batchSizeProblem, useMigrate, type MigrateChoice } from './use-migrate.ts';

type Services = Pick<ConsoleServices, 'keysApi' | 'siteClient'>;

/** A fieldset that groups its controls for screen readers without drawing a box inside the card. */
const FLAT = { border: 0, padding: 0, margin: '1rem 0 0', minWidth: 0 } as const;

export function MigratePage({ site, services }: { site: Site; services: Services }) {
  useDocumentTitle(`Migrate — site ${site.name}`);
  const id = useId();
  const sites = useSites((s) => s.sites);
  const others = sites.filter((s) => s.name !== site.name);
  const { state: keysState, reload } = useSiteKeys(site, services.keysApi);
  const { choice, setChoice, review, readPlan, run, start, stop, busy } = useMigrate(site, sites, services);
  const [confirming, setConfirming] = useState<{ choice: MigrateChoice; summary: PlanSummary } | null>(null);
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  const reportHeading = useRef<HTMLHeadingElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);

  const sourceKeys = keysState.status === 'ready' ? keysState.keys : [];
  const batchProblem = batchSizeProblem(choice.batchSize);
  const running = run.phase === 'running' || run.phase === 'stopping';
  const planned = review.status === 'ready' ? review : undefined;
  const summary = planned ? planSummary(planned.plan) : undefined;
  const to = planned?.choice.target ?? run.choice?.target ?? choice.target;
  const move = planned?.choice.move ?? run.choice?.move ?? choice.move;
  const canReview = choice.target !== '' && (choice.scope === 'all' || choice.chosen.length > 0) && batchProblem === undefined && !busy;
  const report = run.report;
  const leftOut = notReached(run.plan, run.results);
  const counts = resultCounts(run.plan, run.results);
  const notice = report === undefined ? undefined : finishNotice(report);
  const failed = counts.failed + counts.conflict > 0;

  // A finished run changed the source (a move deletes): read its keys again, and take focus to the report.
  useEffect(() => {
    if (run.phase !== 'finished') return;
    reload();
    reportHeading.current?.focus();
  }, [run.phase, reload]);

  // The plan, or why it could not be read, is announced by moving focus to its heading.
  async function onReview() {
    await readPlan(choice);
    reviewHeading.current?.focus();
  }

  function begin(wanted: MigrateChoice, s: PlanSummary) {
    if (wanted.move) setConfirming({ choice: wanted, summary: s });
    else {
      void start(wanted);
      setTimeout(() => stopButton.current?.focus(), 0);
    }
  }

  async function runAgain() {
    const wanted = run.choice;
    if (wanted === undefined) return;
    const plan = await readPlan(wanted);
    const s = plan === undefined ? undefined : planSummary(plan);
    // Nothing left to do (or the plan could not be read): the review says so.
    if (s === undefined || s.toDo === 0) return reviewHeading.current?.focus();
    begin(wanted, s);
  }

  function download(kind: 'csv' | 'json') {
    // Every planned key, those a stopped run did not reach included.
    const rows = run.plan === undefined ? run.results : migrateReportRows({ plan: run.plan, results: run.results, ...(run.report?.stopped ? { stopped: run.report.stopped } : {}) });
    const text = kind === 'csv' ? migrateReportToCsv(rows) : migrateReportToJson(rows);
    downloadText(reportFileName(site.name, to, kind), text, kind === 'csv' ? 'text/csv' : 'application/json');
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="page">
      <p className="breadcrumb">
        <Link to="/">Sites</Link> ›{' '}
        <Link to="/sites/$site/keys" params={{ site: site.name }}>
          Site {site.name}
        </Link>{' '}
        › Migrate
      </p>
      <h1 id={`${id}-heading`}>Migrate keys from site {site.name}</h1>
      <p className="lede">
        Copy or move keys to another site under the same key IDs, in batches: {site.name}’s nodes export a batch in one session, each node wrapping its share
        for the target node of its index, and the target’s nodes import it in one session; then every target node’s share of each key is checked against the
        key’s public key. The plan is read from the nodes each time, so an interrupted run is finished by running it again. The same as{' '}
        <code style={{ whiteSpace: 'nowrap' }}>keyferry migrate --from {site.name} --to &lt;site&gt;</code>.
      </p>

      <section className="card" aria-labelledby={`${id}-choose`}>
        <h2 id={`${id}-choose`}>1. What to migrate</h2>
        {others.length === 0 ? (
          <p className="callout" role="status" aria-label="Target sites">
            No other site is connected in this tab, so there is nowhere to migrate to. <Link to="/">Go to Sites</Link> and connect the target site (import its
            profile; <code>npm start</code> offers the local cluster’s), then come back.
          </p>
        ) : (
          <fieldset disabled={busy} style={{ ...FLAT, margin: 0 }}>
            <SiteSelect
              id={`${id}-target`}
              label="Target site"
              placeholder="Choose…"
              sites={others}
              value={choice.target}
              onChange={(target) => setChoice({ target })}
            />

            <fieldset className="field" style={FLAT}>
              <legend className="field-label" style={{ padding: 0 }}>
                Keys
              </legend>
              <label style={{ display: 'block' }}>
                <input type="radio" name={`${id}-scope`} checked={choice.scope === 'all'} onChange={() => setChoice({ scope: 'all' })} /> All keys of site{' '}
                {site.name}
                {keysState.status === 'ready' && ` (${sourceKeys.length})`}
              </label>
              <label style={{ display: 'block' }}>
                <input type="radio" name={`${id}-scope`} checked={choice.scope === 'chosen'} onChange={() => setChoice({ scope: 'chosen' })} /> Chosen keys
              </label>
              {choice.scope === 'chosen' &&
                (keysState.status === 'loading' ? (
                  <p className="muted" role="status">
                    Reading the keys of {site.nodes.length} nodes…
                  </p>
                ) : sourceKeys.length === 0 && choice.chosen.length === 0 ? (
                  <p className="callout">No keys on site {site.name}.</p>
                ) : (
                  <SourceKeyPicker site={site.name} keys={sourceKeys} chosen={choice.chosen} onChange={(chosen) => setChoice({ chosen })} disabled={busy} />
                ))}
            </fieldset>

            <fieldset className="field" style={FLAT}>
              <legend className="field-label" style={{ padding: 0 }}>
                Copy or move
              </legend>
              <label style={{ display: 'block' }}>
                <input type="radio" name={`${id}-mode`} checked={!choice.move} onChange={() => setChoice({ move: false })} /> Copy: the keys stay on site{' '}
                {site.name} too
              </label>
              <label style={{ display: 'block' }}>
                <input type="radio" name={`${id}-mode`} checked={choice.move} onChange={() => setChoice({ move: true })} /> Move: each key is deleted from site{' '}
                {site.name} only after every node of {choice.target === '' ? 'the target site' : `site ${choice.target}`} was checked to hold it
              </label>
            </fieldset>

            <div className="field">
              <label className="field-label" htmlFor={`${id}-batch`}>
                Keys per batch
              </label>
              <input
                id={`${id}-batch`}
                className="text-input"
                style={{ width: '8rem' }}
                inputMode="numeric"
                value={choice.batchSize}
                aria-invalid={batchProblem !== undefined}
                aria-describedby={`${id}-batch-hint`}
                onChange={(e) => setChoice({ batchSize: e.target.value })}
                onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
              />
              <p id={`${id}-batch-hint`} className={batchProblem === undefined ? 'hint' : 'field-error'}>
                {batchProblem ?? 'One export session and one import session per batch; Stop ends after the batch in hand.'}
              </p>
            </div>

            <div className="form-actions">
              <button type="button" className="button button-primary" disabled={!canReview} onClick={() => void onReview()}>
                Review the plan
              </button>
              <span className="muted">Reads every node of both sites; nothing changes.</span>
            </div>
          </fieldset>
        )}
      </section>

      {review.status !== 'none' && (
        <section className="card" aria-labelledby={`${id}-review`}>
          <h2 id={`${id}-review`} ref={reviewHeading} tabIndex={-1}>
            2. Review: {move ? 'move' : 'copy'} from {site.name} to {to}
          </h2>
          {review.status === 'reading' && (
            <p role="status" className="status-line">
              Reading the keys of every node of {site.name} and {to}…
            </p>
          )}
          {review.status === 'error' && (
            <p role="alert" className="callout callout-error">
              {review.message}
            </p>
          )}
          {planned !== undefined && (
            <>
              <p className="muted">
                Read from every node of both sites at {planned.at.toLocaleTimeString()}; nothing was changed.
                {run.phase !== 'idle' && ' The run reads the nodes again and works from what they hold then.'}
              </p>
              {planned.plan.exportRefusal !== undefined && (
                <p role="alert" className="callout callout-error">
                  Start would be refused: {planned.plan.exportRefusal.message}.{' '}
                  <Link to="/sites/$site/whitelist" params={{ site: site.name }}>
                    Open site {site.name}’s export whitelists
                  </Link>{' '}
                  or <Link to="/pairing">pair the sites</Link>, then review again.
                </p>
              )}
              <PlanReview plan={planned.plan} from={site.name} to={planned.choice.target} />
            </>
          )}
        </section>
      )}

      {(planned !== undefined || run.phase !== 'idle') && (
        <section className="card" aria-labelledby={`${id}-run`}>
          <h2 id={`${id}-run`}>3. {move ? 'Move' : 'Copy'}</h2>
          {run.phase === 'idle' && planned !== undefined && summary !== undefined && (
            <div className="form-actions">
              <button
                ref={startButton}
                type="button"
                className="button button-primary"
                disabled={summary.toDo === 0}
                onClick={() => begin(planned.choice, summary)}
              >
                {move ? 'Move' : 'Copy'} {keysText(summary.toDo)} to {planned.choice.target}
              </button>
              {summary.toDo === 0 && (
                <span className="muted">Nothing to {move ? 'move' : 'copy'}: every key in the plan is skipped, in conflict or refused.</span>
              )}
            </div>
          )}
          {running && (
            <div className="form-actions">
              <button ref={stopButton} type="button" className="button" disabled={run.phase === 'stopping'} onClick={stop}>
                Stop after this batch
              </button>
              <span className="muted">
                The batch in hand runs to its end{move ? ', its check and its deletes included' : ' and is checked'}; running again finishes the rest.
              </span>
            </div>
          )}
          {run.error !== undefined && (
            <p role="alert" className="callout callout-error">
              {run.refused ? `Not started: ${run.error}.` : run.error}
              {run.refusedFor === 'not-whitelisted' && (
                <>
                  {' '}
                  <Link to="/sites/$site/whitelist" params={{ site: site.name }}>
                    Open site {site.name}’s export whitelists
                  </Link>{' '}
                  or <Link to="/pairing">pair the sites</Link>, then start again.
                </>
              )}
            </p>
          )}
          {run.phase !== 'idle' && (
            <MigrateProgressPanel
              phase={run.phase}
              progress={run.progress}
              from={site.name}
              to={to}
              move={move}
              {...(report?.stopped ? { stopped: report.stopped } : {})}
              failed={failed}
            />
          )}
        </section>
      )}

      {run.phase === 'finished' && (
        <section className="card" aria-labelledby={`${id}-report`}>
          <h2 id={`${id}-report`} ref={reportHeading} tabIndex={-1}>
            4. Report
          </h2>
          <p className="report-summary" data-testid="migrate-summary">
            {keysText(counts.total)} {site.name} → {to}: {move ? `${counts.moved} moved, ` : ''}
            {counts.copied} copied, {counts.skipped} skipped, {counts.conflict} {counts.conflict === 1 ? 'conflict' : 'conflicts'}, {counts.failed} failed
            {counts.notReached > 0 && `, ${counts.notReached} not reached`}
          </p>
          {notice !== undefined && (
            <div className="callout callout-warn" role="status" aria-label="What is left">
              <p style={{ margin: 0 }}>{notice}</p>
              <div className="form-actions">
                <button type="button" className="button button-primary" onClick={() => void runAgain()}>
                  Run again
                </button>
              </div>
            </div>
          )}
          <div className="form-actions">
            <button type="button" className="button" disabled={run.results.length === 0} onClick={() => download('csv')}>
              Download report (CSV)
            </button>
            <button type="button" className="button" disabled={run.results.length === 0} onClick={() => download('json')}>
              Download report (JSON)
            </button>
          </div>
          <MigrateReportTable results={run.results} notReached={leftOut} from={site.name} to={to} />
        </section>
      )}

      {confirming !== null && (
        <ConfirmDialog
          title={`Delete ${keysText(confirming.summary.toDelete)} from site ${site.name} once site ${confirming.choice.target} holds them?`}
          confirmLabel={`Move ${keysText(confirming.summary.toDelete)}`}
          onConfirm={() => {
            const wanted = confirming.choice;
            setConfirming(null);
            void start(wanted);
            setTimeout(() => stopButton.current?.focus(), 0);
          }}
          onClose={() => {
            setConfirming(null);
            startButton.current?.focus();
          }}
        >
          <p>
            {confirming.summary.copy > 0 && (
              <>
                {keysText(confirming.summary.copy)} {confirming.summary.copy === 1 ? 'is' : 'are'} copied to all {site.nodes.length} nodes of site{' '}
                {confirming.choice.target} and checked on every one of them (each node’s share must fit the key’s public key).{' '}
              </>
            )}
            {confirming.summary.finishMove > 0 && (
              <>
                {keysText(confirming.summary.finishMove)} already on every node of {confirming.choice.target}{' '}
                {confirming.summary.finishMove === 1 ? 'is' : 'are'} checked there again.{' '}
              </>
            )}
            Only then is each key deleted from all {site.nodes.length} nodes of site {site.name}:{' '}
            <strong>
              {keysText(confirming.summary.toDelete)} will be deleted from site {site.name}
            </strong>
            . A key that fails its check is not deleted.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
