// Step 1: choose main and fail-over among the connected sites, and the checks before
// anything changes — each pass/fail with its reason — and every node's wrapping-key
// fingerprint grouped for reading aloud, with an optional pin per node.
import type { Site } from '../../../client/site.ts';
import { SiteSelect } from '../../shared/SiteSelect.tsx';
import { checkPin, groupFingerprint, type PinVerdict } from './fingerprint-pin.ts';
import { choiceProblem } from '../../../client/pairing-checks.ts';
import type { ChecksState } from './use-pairing-checks.ts';

export interface ChooseSitesProps {
  sites: readonly Site[];
  main: string;
  failover: string;
  onChoose: (choice: { main: string; failover: string }) => void;
  checks: ChecksState;
  onRecheck: () => void;
  pins: Readonly<Record<string, string>>;
  onPin: (node: string, pin: string) => void;
}

export const pinKey = (site: string, index: number) => `${site}/${index}`;

/** Every pin's verdict against the fingerprint its node reported. */
export function pinVerdicts(checks: ChecksState, pins: Readonly<Record<string, string>>): Array<{ node: string; verdict: PinVerdict }> {
  if (checks.status !== 'done') return [];
  return checks.result.fingerprints.map((f) => ({ node: pinKey(f.site, f.index), verdict: checkPin(pins[pinKey(f.site, f.index)] ?? '', f.fingerprint, `${f.site} node ${f.index}`) }));
}

export function ChooseSitesStep({ sites, main, failover, onChoose, checks, onRecheck, pins, onPin }: ChooseSitesProps) {
  const problem = choiceProblem(main, failover);
  const verdicts = new Map(pinVerdicts(checks, pins).map((v) => [v.node, v.verdict]));
  return (
    <>
      <div className="pairing-choice">
        <SiteSelect id="pairing-main" label="Main site" placeholder="Choose…" sites={sites} value={main} onChange={(name) => onChoose({ main: name, failover })} />
        <SiteSelect id="pairing-failover" label="Fail-over site" placeholder="Choose…" sites={sites} value={failover} onChange={(name) => onChoose({ main, failover: name })} />
      </div>
      {problem !== undefined && (
        <p className={main !== '' && main === failover ? 'callout callout-error' : 'muted'} role={main !== '' && main === failover ? 'alert' : undefined}>
          {problem}
        </p>
      )}
      {checks.status === 'checking' && (
        <p className="muted" role="status">
          Asking every node of both sites about itself (GET /v1/info)…
        </p>
      )}
      {checks.status === 'error' && (
        <p className="callout callout-error" role="alert">
          The checks could not run: {checks.message}
        </p>
      )}
      {checks.status === 'done' && (
        <>
          <div className="heading-with-action">
            <h3>Checks before anything changes</h3>
            <button type="button" className="button" onClick={onRecheck}>
              Check again
            </button>
          </div>
          <ul className="pairing-checks" aria-label="Checks before pairing">
            {checks.result.checks.map((c) => (
              <li key={c.id} data-check={c.id} data-ok={c.ok}>
                <span className={`badge ${c.ok ? 'badge-ok' : 'badge-error'}`}>{c.ok ? 'Pass' : 'Fail'}</span> <strong>{c.title}</strong>
                <ul>
                  {c.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <h3>Wrapping-key fingerprints</h3>
          <p className="hint">
            Read each fingerprint aloud with whoever runs the other site, or paste what they read you as a pin (at least 16 hex digits). A pin that
            does not match stops the wizard.
          </p>
          <div className="table-scroll">
            <table className="node-table pairing-fingerprints" aria-label="Wrapping-key fingerprints">
              <thead>
                <tr>
                  <th scope="col">Node</th>
                  <th scope="col">Fingerprint (SHA-256)</th>
                  <th scope="col">Pin (optional)</th>
                </tr>
              </thead>
              <tbody>
                {checks.result.fingerprints.map((f) => {
                  const key = pinKey(f.site, f.index);
                  const verdict = verdicts.get(key);
                  const id = `pin-${f.site}-${f.index}`;
                  const bad = verdict?.kind === 'invalid' || verdict?.kind === 'mismatch';
                  return (
                    <tr key={key} data-node={key}>
                      <th scope="row">
                        {f.site} node {f.index}
                      </th>
                      <td>
                        <code className="fingerprint-groups">{groupFingerprint(f.fingerprint)}</code>
                      </td>
                      <td>
                        <label className="visually-hidden" htmlFor={id}>
                          Pin for {f.site} node {f.index}
                        </label>
                        <input
                          id={id}
                          className="text-input pin-input"
                          value={pins[key] ?? ''}
                          onChange={(e) => onPin(key, e.target.value)}
                          aria-invalid={bad}
                          aria-describedby={bad ? `${id}-error` : undefined}
                          spellCheck={false}
                          autoComplete="off"
                        />
                        {verdict?.kind === 'match' && <span className="field-ok"> Matches</span>}
                        {bad && (
                          <span id={`${id}-error`} className="field-error">
                            {verdict.message}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
