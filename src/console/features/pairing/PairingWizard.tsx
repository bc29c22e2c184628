// /pairing: the fail-over pairing wizard (issue 11) on one page, its five steps as a list —
// choose and check the sites, the plan, apply, the canary, the key sync. Every step reads
// what the nodes hold now through src/client (readPairing, applyPairing, runCanary,
// syncKeys); nothing of the pairing is kept in the browser but the two site names in the
// URL, so a reload (or another operator's console) picks up where the nodes are.
import { Link } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { NodeError } from '../../../client/node-client.ts';
import { nodeErrorSentence } from '../../../client/node-error-words.ts';
import { runCanary, syncKeys, type CanaryReport, type CanaryStep as CanaryStepResult, type SyncProgress } from '../../../client/pair-transfer.ts';
import { applyPairing, type AppliedChange } from '../../../client/pairing-state.ts';
import type { ConsoleServices } from '../../services.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { useSites } from '../sites/site-store.ts';
import { ApplyStep } from './ApplyStep.tsx';
import { CanaryStep } from './CanaryStep.tsx';
import { ChooseSitesStep, pinVerdicts } from './ChooseSitesStep.tsx';
import { counterpartKeyChanges } from '../../../client/pairing-checks.ts';
import { toggleKeep, withKeepChoices, type KeepChoices } from './node-plan.ts';
import { STATE_LABEL } from './pair-picture.ts';
import { PlanStep } from './PlanStep.tsx';
import { selectKeys, syncOverview } from './sync-view.ts';
import { SyncStep } from './SyncStep.tsx';
import { usePairingChecks } from './use-pairing-checks.ts';
import { usePairingState } from './use-pairing-state.ts';

export interface PairingWizardProps {
  services: Pick<ConsoleServices, 'siteClient'>;
  main: string;
  failover: string;
  onChoose: (choice: { main: string; failover: string }) => void;
}

const errorText = (error: unknown) => (error instanceof NodeError ? nodeErrorSentence(error) : error instanceof Error ? error.message : String(error));

export function PairingWizard({ services, main, failover, onChoose }: PairingWizardProps) {
  useDocumentTitle('Fail-over pairing');
  const sites = useSites((s) => s.sites);
  const mainSite = main === failover ? undefined : sites.find((s) => s.name === main);
  const failoverSite = main === failover ? undefined : sites.find((s) => s.name === failover);
  const mainClient = useMemo(() => (mainSite === undefined ? undefined : services.siteClient(mainSite)), [mainSite, services]);
  const failoverClient = useMemo(() => (failoverSite === undefined ? undefined : services.siteClient(failoverSite)), [failoverSite, services]);

  // Step 1
  const { state: checks, recheck } = usePairingChecks(mainClient, failoverClient);
  const [pins, setPins] = useState<Record<string, string>>({});
  const verdicts = pinVerdicts(checks, pins);
  const pinStops = verdicts.flatMap((v) => (v.verdict.kind === 'mismatch' || v.verdict.kind === 'invalid' ? [v.verdict.message] : []));
  const checked = checks.status === 'done' && checks.result.ok && pinStops.length === 0;
  const fingerprints = useMemo(
    () => new Map(checks.status === 'done' ? checks.result.fingerprints.map((f) => [`${f.site}/${f.index}`, f.fingerprint]) : []),
    [checks],
  );

  // Step 2
  const [bothWays, setBothWays] = useState(false);
  const [keeps, setKeeps] = useState<KeepChoices>(new Map());
  const { state: plan, reload } = usePairingState(mainClient, failoverClient, checked, bothWays);
  const read = plan.status === 'ready' ? plan.pairing : plan.status === 'reading' ? plan.previous : undefined;
  const planned = useMemo(() => (read === undefined ? undefined : withKeepChoices(read, keeps)), [read, keeps]);

  // Step 3
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState<AppliedChange[] | undefined>();
  const [applyError, setApplyError] = useState<string | undefined>();

  // Step 4
  const [canaryRunning, setCanaryRunning] = useState(false);
  const [canarySteps, setCanarySteps] = useState<CanaryStepResult[]>([]);
  const [canary, setCanary] = useState<CanaryReport | undefined>();
  const [canaryError, setCanaryError] = useState<string | undefined>();

  // Step 5
  const overview = useMemo(() => (read === undefined ? undefined : syncOverview(read.keys, read.main, read.failover)), [read]);
  const missingIds = overview?.missing.map((m) => m.keyId).join('\n') ?? '';
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [syncing, setSyncing] = useState(false);
  const [progress, setProgress] = useState<SyncProgress | undefined>();
  const [syncError, setSyncError] = useState<string | undefined>();
  const syncAbort = useRef<AbortController | undefined>(undefined);
  useEffect(() => setSelected(new Set(missingIds === '' ? [] : missingIds.split('\n'))), [missingIds]);
  useEffect(() => () => syncAbort.current?.abort(), []);

  // A new choice of sites starts over.
  useEffect(() => {
    setPins({});
    setKeeps(new Map());
    setApplied(undefined);
    setCanary(undefined);
    setCanarySteps([]);
    setProgress(undefined);
  }, [mainClient, failoverClient]);

  const pendingWhitelists = planned?.directions.reduce((n, d) => n + d.plans.filter((p) => p.change !== undefined).length, 0) ?? 0;
  const keyChanges = planned === undefined ? [] : counterpartKeyChanges(planned.records, fingerprints);
  const pendingRecords = planned?.records.filter((r) => !r.matches).length ?? 0;
  const pending = pendingWhitelists + pendingRecords;
  const notAdmitting = planned?.directions[0]?.plans.filter((p) => p.state !== 'paired' && p.state !== 'extra-entries') ?? [];
  const movableReason =
    planned === undefined
      ? 'Read the plan first.'
      : notAdmitting.length > 0
        ? `Apply the plan first: ${notAdmitting.map((p) => `${planned.main} node ${p.index} (${STATE_LABEL[p.state].toLowerCase()})`).join(', ')} ${notAdmitting.length === 1 ? 'does' : 'do'} not admit its counterpart yet.`
        : undefined;

  async function apply() {
    if (planned === undefined || mainClient === undefined || failoverClient === undefined) return;
    setApplying(true);
    setApplyError(undefined);
    try {
      const changes = await applyPairing(planned, new Map([[mainClient.site.name, mainClient], [failoverClient.site.name, failoverClient]]));
      setApplied(changes);
    } catch (error) {
      setApplyError(`Apply stopped: ${errorText(error)}. The plan is read again below; nodes not named there as changed were not changed.`);
    } finally {
      // Always read again: a node changed meanwhile is re-planned from what it holds now.
      await reload();
      setApplying(false);
    }
  }

  async function canaryRun() {
    if (mainClient === undefined || failoverClient === undefined) return;
    setCanaryRunning(true);
    setCanary(undefined);
    setCanaryError(undefined);
    setCanarySteps([]);
    try {
      setCanary(await runCanary(mainClient, failoverClient, { onStep: (s) => setCanarySteps((all) => [...all, s]) }));
    } catch (error) {
      setCanaryError(`The canary could not run: ${errorText(error)}.`);
    } finally {
      setCanaryRunning(false);
    }
  }

  async function sync() {
    if (mainClient === undefined || failoverClient === undefined) return;
    const controller = new AbortController();
    syncAbort.current = controller;
    setSyncing(true);
    setSyncError(undefined);
    setProgress(undefined);
    try {
      setProgress(await syncKeys(mainClient, failoverClient, { keyIds: [...selected], signal: controller.signal, onProgress: setProgress }));
    } catch (error) {
      setSyncError(`The sync stopped: ${errorText(error)}. Keys copied so far stay copied; copy again to go on.`);
    } finally {
      if (!controller.signal.aborted) {
        await reload();
        setSyncing(false);
      }
    }
  }

  const blocked = (text: string) => <p className="muted">{text}</p>;
  const step1Reason =
    mainSite === undefined || failoverSite === undefined
      ? 'Choose two different connected sites in step 1.'
      : checks.status !== 'done'
        ? 'Waiting for the checks of step 1.'
        : !checks.result.ok
          ? 'Stopped: a check of step 1 failed; fix it and check again.'
          : pinStops.length > 0
            ? 'Stopped: a pin of step 1 does not match; see the sentence there.'
            : undefined;

  return (
    <section aria-labelledby="pairing-heading" className="page pairing-page">
      <p className="breadcrumb">
        <Link to="/">Sites</Link> › Fail-over pairing
      </p>
      <h1 id="pairing-heading">Fail-over pairing</h1>
      <p className="lede">
        Pair a main site with its fail-over site: main node i’s export whitelist holds fail-over node i’s wrapping key and only that key, with export on,
        so shares move only between corresponding nodes. Then prove it with a canary and copy every key across under its own key ID.
      </p>
      {sites.length < 2 && <p className="callout">Connect at least two sites on the <Link to="/">dashboard</Link> to pair them.</p>}
      <ol className="pairing-steps">
        <WizardStep n={1} title="Choose the sites and check them">
          <ChooseSitesStep
            sites={sites}
            main={main}
            failover={failover}
            onChoose={onChoose}
            checks={checks}
            onRecheck={recheck}
            pins={pins}
            onPin={(node, pin) => setPins((p) => ({ ...p, [node]: pin }))}
          />
          {verdicts.some((v) => v.verdict.kind === 'mismatch') && (
            <div className="callout callout-error" role="alert" data-testid="pin-stop">
              <p>The wizard is stopped: a pinned fingerprint does not match.</p>
              <ul>
                {verdicts.flatMap((v) => (v.verdict.kind === 'mismatch' ? [<li key={v.node}>{v.verdict.message}</li>] : []))}
              </ul>
            </div>
          )}
        </WizardStep>
        <WizardStep n={2} title="Plan">
          {step1Reason !== undefined
            ? blocked(step1Reason)
            : plan.status === 'error'
              ? (
                  <p className="callout callout-error" role="alert">
                    The plan could not be read: {plan.message}{' '}
                    <button type="button" className="button" onClick={() => void reload()}>
                      Read again
                    </button>
                  </p>
                )
              : planned === undefined
                ? (
                    <p className="muted" role="status">
                      Reading every node’s whitelist, wrapping key and keys on both sites…
                    </p>
                  )
                : (
                    <PlanStep
                      pairing={planned}
                      fingerprints={fingerprints}
                      bothWays={bothWays}
                      onBothWays={setBothWays}
                      keeps={keeps}
                      onKeep={(node, entry, keep) => setKeeps((k) => toggleKeep(k, node, entry, keep))}
                      reading={plan.status === 'reading'}
                    />
                  )}
        </WizardStep>
        <WizardStep n={3} title="Apply">
          {step1Reason !== undefined ? (
            blocked(step1Reason)
          ) : (
            <ApplyStep
              pendingWhitelists={pendingWhitelists}
              pendingRecords={pendingRecords}
              applying={applying}
              result={applied}
              error={applyError}
              disabledReason={
                planned === undefined || plan.status === 'reading'
                  ? 'Waiting for the plan.'
                  : keyChanges.length > 0
                    ? `Held: ${keyChanges.join(' ')}`
                    : pending === 0
                      ? 'Nothing to apply.'
                      : undefined
              }
              onApply={() => void apply()}
            />
          )}
        </WizardStep>
        <WizardStep n={4} title="Canary">
          <p className="hint">A throw-away key generated on {main || 'main'}, copied to {failover || 'the fail-over site'}, checked on every node of both, then deleted on both.</p>
          {step1Reason !== undefined ? (
            blocked(step1Reason)
          ) : (
            <CanaryStep running={canaryRunning} steps={canarySteps} report={canary} error={canaryError} disabledReason={movableReason} onRun={() => void canaryRun()} />
          )}
        </WizardStep>
        <WizardStep n={5} title="Sync the keys">
          {step1Reason !== undefined ? (
            blocked(step1Reason)
          ) : overview === undefined ? (
            blocked('Waiting for the plan.')
          ) : (
            <SyncStep
              overview={overview}
              selected={selected}
              onSelect={(change) => setSelected((s) => selectKeys(s, overview.missing, change))}
              running={syncing}
              progress={progress}
              error={syncError}
              disabledReason={movableReason}
              onSync={() => void sync()}
            />
          )}
        </WizardStep>
      </ol>
    </section>
  );
}

/** One numbered step of the wizard: a list item holding a section named by its heading. */
function WizardStep({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <li>
      <section aria-labelledby={`pairing-step-${n}`}>
        <h2 id={`pairing-step-${n}`}>
          {n}. {title}
        </h2>
        {children}
      </section>
    </li>
  );
}
