// Review before apply: the change as a diff and the [Player] section the node will hold,
// then Apply (sent with the version the draft is based on) or Discard. After a refusal it
// says why; after a conflict, what changed meanwhile and that the edits were carried over.
import { useId } from 'react';
import { CopyButton } from '../../shared/CopyButton.tsx';
import { diffWhitelists, isEmptyDiff, tomlPreview, type Draft } from './draft.ts';
import { DiffList } from './DiffList.tsx';
import type { ApplyOutcome } from './use-node-whitelist.ts';

export interface ReviewPanelProps {
  nodeName: string;
  draft: Draft;
  origins: Map<string, string[]>;
  outcome: ApplyOutcome | undefined;
  applying: boolean;
  readOnly: boolean;
  onApply: () => void;
  onDiscard: () => void;
}

export function ReviewPanel({ nodeName, draft, origins, outcome, applying, readOnly, onApply, onDiscard }: ReviewPanelProps) {
  const id = useId();
  const diff = diffWhitelists(draft.base, draft);
  const empty = isEmptyDiff(diff);
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Review and apply</h2>
      <Outcome outcome={outcome} origins={origins} nodeName={nodeName} />
      {empty ? (
        <p className="muted" data-testid="no-changes">
          No changes to apply. Edits made above appear here as a diff before anything is sent.
        </p>
      ) : (
        <>
          <h3>Your change to {nodeName} (based on version {draft.base.version})</h3>
          <DiffList diff={diff} origins={origins} label="Your change" />
          <div className="heading-with-action">
            <h3 id={`${id}-toml`}>The [Player] section after applying</h3>
            <CopyButton value={tomlPreview(draft)} label="Copy the [Player] section" />
          </div>
          <pre className="toml-preview" aria-labelledby={`${id}-toml`} tabIndex={0} data-testid="toml-preview">
            {tomlPreview(draft)}
          </pre>
          <div className="form-actions">
            <button type="button" className="button button-primary" disabled={applying || readOnly} aria-busy={applying} onClick={onApply}>
              {applying ? 'Applying…' : `Apply to ${nodeName}`}
            </button>
            <button type="button" className="button" disabled={applying} onClick={onDiscard}>
              Discard changes
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function Outcome({ outcome, origins, nodeName }: { outcome: ApplyOutcome | undefined; origins: Map<string, string[]>; nodeName: string }) {
  if (outcome === undefined) return null;
  if (outcome.kind === 'applied') {
    return (
      <p role="status" className="callout callout-ok" data-testid="apply-outcome">
        Applied. {nodeName}’s export configuration is now version {outcome.version}.
      </p>
    );
  }
  if (outcome.kind === 'refused') {
    return (
      <div role="alert" className="callout callout-error" data-testid="apply-outcome">
        <p>{nodeName} refused the change: {outcome.message}</p>
        {outcome.entryErrors.length > 0 && (
          <ul>
            {outcome.entryErrors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div role="alert" className="callout callout-warn" data-testid="apply-outcome">
      <p>
        <strong>Not applied: the configuration changed meanwhile.</strong> You edited version {outcome.from}; {nodeName} is now at version{' '}
        {outcome.to}, last changed by {outcome.by} at {new Date(outcome.at).toLocaleString()}.
      </p>
      <p>What changed meanwhile:</p>
      <DiffList diff={outcome.theirs} origins={origins} label="Changed meanwhile" />
      {outcome.notes.map((n) => (
        <p key={n}>{n}</p>
      ))}
      <p>Your edits have been carried over onto version {outcome.to}. Review them below and apply again.</p>
    </div>
  );
}
