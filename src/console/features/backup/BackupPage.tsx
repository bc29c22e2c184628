// /sites/$site/backup: cold storage from the browser (docs/backup.md "Console"). The site's
// keys with a checkbox each; Back up downloads one file holding every node's raw record of
// the chosen keys (checked against the site first); Archive does the same and then, after a
// confirmation naming how many keys will be deleted, deletes them from every node; Restore
// reads such a file and shows each key's outcome on each node. The work is the client's
// (src/client/raw-backup.ts); this page only shows it.
import { Link } from '@tanstack/react-router';
import { useMemo, useRef, useState } from 'react';
import { archive, backupSite, restore, verifyBackup, type Progress } from '../../../client/raw-backup.ts';
import type { ConsoleServices } from '../../services.ts';
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import { downloadText } from '../../shared/download.ts';
import { useDocumentTitle } from '../../shared/use-document-title.ts';
import { useSiteKeys } from '../keys/use-site-keys.ts';
import type { Site } from '../sites/parse-profile.ts';
import { rawSetFileName, rawSetText, readRawSet } from './raw-set.ts';

interface ResultRow {
  keyId: string;
  ok: boolean;
  /** What happened, e.g. "backed up" or "node 1 restored, node 2 refused". */
  text: string;
  problems: string[];
}

interface Outcome {
  title: string;
  rows: ResultRow[];
  /** Problems not of one key (an unreadable record in the file). */
  other: string[];
  file?: string;
}

const PHASE: Record<Progress['phase'], string> = {
  list: 'Listing the keys',
  export: 'Making raw records on the nodes',
  verify: 'Checking the records against the site',
  store: 'Saving the file',
  delete: 'Deleting from the nodes',
  import: 'Restoring records on the nodes',
  check: 'Checking the restored keys on every node',
};

export function BackupPage({ site, services }: { site: Site; services: Pick<ConsoleServices, 'keysApi' | 'siteClient'> }) {
  useDocumentTitle(`Backup — site ${site.name}`);
  const { state, reload } = useSiteKeys(site, services.keysApi);
  const client = useMemo(() => services.siteClient(site), [services, site]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ count: number; file: string; answer: (yes: boolean) => void } | null>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const archiveRef = useRef<HTMLButtonElement>(null);
  const busy = progress !== null;

  const keys = state.status === 'ready' ? state.keys : [];
  const flags = useMemo(() => {
    const out = new Map<string, { noCopy: boolean; disabled: boolean }>();
    if (state.status !== 'ready') return out;
    for (const a of state.answers) {
      if (!('keys' in a)) continue;
      for (const k of a.keys) {
        const f = out.get(k.keyId) ?? { noCopy: false, disabled: false };
        out.set(k.keyId, { noCopy: f.noCopy || k.noCopy === true, disabled: f.disabled || k.disabled === true });
      }
    }
    return out;
  }, [state]);
  const chosen = keys.map((k) => k.keyId).filter((id) => selected.has(id));

  function toggle(keyId: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(keyId)) next.delete(keyId);
      else next.add(keyId);
      return next;
    });
  }

  async function run(work: () => Promise<Outcome>) {
    setError(null);
    setOutcome(null);
    setProgress({ phase: 'list', done: 0, total: 1 });
    try {
      setOutcome(await work());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
      reload();
      setTimeout(() => resultRef.current?.focus(), 0);
    }
  }

  const backUp = () =>
    run(async () => {
      const backup = await backupSite(client, chosen, { onProgress: setProgress });
      const { keys: verified, unreadable } = await verifyBackup(client, backup.keyIds, backup.records, { onProgress: setProgress });
      const good = new Set(verified.filter((v) => v.ok && !backup.problems.some((p) => p.keyId === v.keyId)).map((v) => v.keyId));
      const file = rawSetFileName(site.name);
      if (good.size) downloadText(file, rawSetText(site.name, backup.records.filter((r) => good.has(r.keyId))), 'application/json');
      const rows = verified.map((v) => {
        const problems = [...v.problems, ...backup.problems.filter((p) => p.keyId === v.keyId).map((p) => p.message)];
        const disabled = backup.disabled.some((d) => d.keyId === v.keyId);
        return { keyId: v.keyId, ok: problems.length === 0, text: problems.length ? 'not backed up' : `backed up and verified${disabled ? '; noCopy: now disabled on the nodes' : ''}`, problems };
      });
      return { title: 'Backup', rows, other: unreadable, ...(good.size ? { file } : {}) };
    });

  const archiveKeys = () =>
    run(async () => {
      const file = rawSetFileName(site.name);
      const { reports } = await archive(client, chosen, {
        onProgress: setProgress,
        store: async (verified) => {
          downloadText(file, rawSetText(site.name, verified.flatMap((k) => k.records)), 'application/json');
          const yes = await new Promise<boolean>((answer) => setConfirm({ count: verified.length, file, answer }));
          setConfirm(null);
          return yes ? { stored: verified.map((k) => k.keyId) } : { stored: [], failed: verified.map((k) => ({ keyId: k.keyId, reason: 'the deletion was cancelled' })) };
        },
      });
      const rows = reports.map((r) => ({ keyId: r.keyId, ok: r.ok, text: r.ok ? `archived: deleted from nodes ${r.deletedFrom.join(', ')}` : r.stored ? 'in the file, not deleted everywhere' : 'kept on the nodes', problems: r.problems }));
      return { title: 'Archive', rows, other: [], file };
    });

  const restoreFile = (text: string, name: string) =>
    run(async () => {
      const read = readRawSet(text, site.name);
      if (!read.records.length) return { title: `Restore from ${name}`, rows: [], other: read.problems.length ? read.problems : ['the file holds no records'] };
      const reports = await restore(client, read.records, { onProgress: setProgress });
      const rows = reports.map((r) => ({
        keyId: r.keyId,
        ok: r.ok,
        text: `${r.outcomes.map((o) => `node ${o.node} ${o.status}`).join(', ')}${r.verified ? '; checked on every node' : ''}`,
        problems: r.problems,
      }));
      return { title: `Restore from ${name}`, rows, other: read.problems };
    });

  return (
    <section aria-labelledby="backup-heading" className="page">
      <p className="breadcrumb">
        <Link to="/">Sites</Link> › Site {site.name} backup
      </p>
      <div className="heading-with-action">
        <h1 id="backup-heading">Back up and restore site {site.name}</h1>
        <button type="button" className="button" onClick={reload} disabled={busy || state.status === 'loading'}>
          Reload
        </button>
      </div>
      <p className="lede">
        Each node wraps its own share of each key under its own master KEK; the records open only on a node with the same KEK. The backup is one
        JSON file holding every node's record of the chosen keys (the console has no zip library; <code>keyferry backup</code> writes one file per
        key per node instead). A noCopy key is disabled on the nodes by its backup.
      </p>

      {state.status === 'loading' ? (
        <p className="muted" role="status">
          Reading the keys of {site.nodes.length} nodes…
        </p>
      ) : keys.length === 0 ? (
        <p className="callout">No keys on this site.</p>
      ) : (
        <fieldset className="card" disabled={busy}>
          <legend>Keys to back up or archive</legend>
          <p>
            <label>
              <input type="checkbox" checked={chosen.length === keys.length} onChange={() => setSelected(chosen.length === keys.length ? new Set() : new Set(keys.map((k) => k.keyId)))} /> All{' '}
              {keys.length} keys
            </label>
          </p>
          <ul className="key-list" aria-label={`Keys of site ${site.name}`}>
            {keys.map((k) => {
              const f = flags.get(k.keyId);
              return (
                <li key={k.keyId}>
                  <label>
                    <input type="checkbox" checked={selected.has(k.keyId)} onChange={() => toggle(k.keyId)} /> <span className="mono">{k.keyId}</span>{' '}
                    <span className="muted">{k.curve}</span>
                    {f?.noCopy && <span className="badge badge-muted"> noCopy</span>}
                    {f?.disabled && <span className="badge badge-error"> disabled</span>}
                    {k.warnings.length > 0 && <span className="muted"> — {k.warnings[0]}</span>}
                  </label>
                </li>
              );
            })}
          </ul>
          <div className="form-actions">
            <button type="button" className="button button-primary" disabled={!chosen.length} onClick={() => void backUp()}>
              Back up {chosen.length || ''} {chosen.length === 1 ? 'key' : 'keys'}
            </button>
            <button ref={archiveRef} type="button" className="button button-danger-outline" disabled={!chosen.length} onClick={() => void archiveKeys()}>
              Archive {chosen.length || ''} {chosen.length === 1 ? 'key' : 'keys'}
            </button>
          </div>
        </fieldset>
      )}

      <div className="card">
        <label className="field-label" htmlFor="restore-file">
          Restore from a backup file
        </label>
        <p className="hint">A file this page downloaded, or one record file keyferry backup wrote. Each node takes only the records made for it.</p>
        <input
          id="restore-file"
          type="file"
          accept=".json,application/json"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void file.text().then((text) => restoreFile(text, file.name));
          }}
        />
      </div>

      {progress && (
        <p role="status" className="status-line">
          {PHASE[progress.phase]}: {progress.done} of {progress.total}…
        </p>
      )}
      {error && (
        <p role="alert" className="callout callout-error">
          {error}
        </p>
      )}
      {outcome && <OutcomeTable outcome={outcome} headingRef={resultRef} />}

      {confirm && (
        <ConfirmDialog
          title={`Delete ${confirm.count} ${confirm.count === 1 ? 'key' : 'keys'} from every node?`}
          confirmLabel={`Delete ${confirm.count} ${confirm.count === 1 ? 'key' : 'keys'}`}
          acknowledgement={`I have kept ${confirm.file}; without it these keys are gone.`}
          onConfirm={() => confirm.answer(true)}
          onClose={() => {
            confirm.answer(false);
            archiveRef.current?.focus();
          }}
        >
          <p>
            The records of {confirm.count} verified {confirm.count === 1 ? 'key were' : 'keys were'} downloaded as {confirm.file}. Deleting removes{' '}
            {confirm.count === 1 ? 'it' : 'them'} from all {site.nodes.length} nodes of site {site.name}; only that file can bring {confirm.count === 1 ? 'it' : 'them'} back.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function OutcomeTable({ outcome, headingRef }: { outcome: Outcome; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const bad = outcome.rows.filter((r) => !r.ok).length;
  return (
    <section aria-labelledby="backup-result" className="card">
      <h2 id="backup-result" tabIndex={-1} ref={headingRef}>
        {outcome.title}: {outcome.rows.length - bad} of {outcome.rows.length} {outcome.rows.length === 1 ? 'key' : 'keys'} good
      </h2>
      {outcome.file && <p>Downloaded {outcome.file}.</p>}
      {outcome.other.length > 0 && (
        <ul role="alert" className="callout callout-error">
          {outcome.other.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {outcome.rows.length > 0 && (
        <div className="table-scroll">
          <table className="node-table" aria-label={`${outcome.title} per key`}>
            <thead>
              <tr>
                <th scope="col">Key ID</th>
                <th scope="col">Result</th>
                <th scope="col">Problems</th>
              </tr>
            </thead>
            <tbody>
              {outcome.rows.map((r) => (
                <tr key={r.keyId} data-ok={r.ok}>
                  <th scope="row" className="mono">
                    {r.keyId}
                  </th>
                  <td>
                    <span className={r.ok ? 'badge badge-ok' : 'badge badge-error'}>{r.ok ? 'OK' : 'Failed'}</span> {r.text}
                  </td>
                  <td>
                    {r.problems.length > 0 && (
                      <ul>
                        {r.problems.map((p) => (
                          <li key={p}>{p}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
