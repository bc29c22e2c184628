// Step 2: the plan — the picture per direction with its legend, and per node the whitelist
// change (node i := [counterpart i's key], EnableExport on) with every entry it removes,
// each with a "keep" checkbox and a warning; the fail-back direction is optional.
import type { PairPlan } from '../../../client/pairing-plan.ts';
import type { PairingState } from '../../../client/pairing-state.ts';
import { groupFingerprint } from './fingerprint-pin.ts';
import { entryKey, keepRefusal, nodeKey, type KeepChoices } from './node-plan.ts';
import { pictureOf, STATE_LABEL } from './pair-picture.ts';
import { PlanLegend, PlanPicture } from './PlanPicture.tsx';

export interface PlanStepProps {
  /** The plan as it will be applied (keep choices already in). */
  pairing: PairingState;
  fingerprints: ReadonlyMap<string, string>;
  bothWays: boolean;
  onBothWays: (on: boolean) => void;
  keeps: KeepChoices;
  onKeep: (node: string, entry: string, keep: boolean) => void;
  reading: boolean;
}

export function PlanStep({ pairing, fingerprints, bothWays, onBothWays, keeps, onKeep, reading }: PlanStepProps) {
  return (
    <>
      <label className="toggle">
        <input type="checkbox" checked={bothWays} onChange={(e) => onBothWays(e.target.checked)} disabled={reading} /> Both ways (fail-back): also
        pair {pairing.failover}’s whitelists with {pairing.main}’s keys
      </label>
      {pairing.directions.map((d) => (
        <section key={d.from} aria-label={`Plan ${d.from} to ${d.to}`} className="pair-direction">
          <h3>
            {d.from} → {d.to}
          </h3>
          <div className="pair-picture-block" data-testid={`picture-${d.from}`}>
            <PlanPicture picture={pictureOf(d)} fingerprints={fingerprints} />
            <PlanLegend />
          </div>
          <ul className="pair-node-changes" aria-label={`Whitelist changes on ${d.from}`}>
            {d.plans.map((p) => (
              <NodeChange key={p.index} from={d.from} to={d.to} plan={p} fingerprint={fingerprints.get(`${d.to}/${p.index}`)} keep={keeps.get(nodeKey(d.from, p.index))} onKeep={onKeep} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

function NodeChange({ from, to, plan, fingerprint, keep, onKeep }: { from: string; to: string; plan: PairPlan; fingerprint: string | undefined; keep: ReadonlySet<string> | undefined; onKeep: PlanStepProps['onKeep'] }) {
  const node = nodeKey(from, plan.index);
  const entries = [...plan.removed, ...plan.kept].sort((a, b) => entryKey(a).localeCompare(entryKey(b)));
  const counterpart = `${to} node ${plan.index}’s key${fingerprint ? ` (${groupFingerprint(fingerprint.slice(0, 16))} …)` : ''}`;
  return (
    <li data-node={node} data-state={plan.state} className="pair-node-change">
      <strong>
        {from} node {plan.index}
      </strong>{' '}
      <span className={`badge ${plan.state === 'paired' ? 'badge-ok' : 'badge-error'}`}>{STATE_LABEL[plan.state]}</span>
      {plan.change === undefined ? (
        <p className="muted">{plan.kept.length === 0 ? 'Nothing to change: paired.' : 'Nothing to change: the kept entries stay, so this pair stays not paired.'}</p>
      ) : (
        <p data-testid="node-diff">
          Whitelist := [{counterpart}
          {plan.kept.length > 0 ? `, ${plan.kept.length} kept entr${plan.kept.length === 1 ? 'y' : 'ies'}` : ''}], EnableExport on
        </p>
      )}
      {entries.length > 0 && (
        <ul className="pair-removed" aria-label={`Entries removed from ${from} node ${plan.index}`}>
          {entries.map((e) => {
            const id = entryKey(e);
            const refusal = keepRefusal(e);
            const kept = keep?.has(id) === true && refusal === undefined;
            const inputId = `keep-${from}-${plan.index}-${id.slice(0, 16)}`;
            return (
              <li key={id} data-entry={id} data-kept={kept}>
                <span className="diff-sign">{kept ? '=' : '−'}</span> {e.fingerprint === undefined ? <code>* (wildcard)</code> : <code title={e.fingerprint}>{groupFingerprint(e.fingerprint.slice(0, 16))} …</code>} — {e.why}.{' '}
                <label htmlFor={inputId}>
                  <input id={inputId} type="checkbox" checked={kept} disabled={refusal !== undefined} onChange={(ev) => onKeep(node, id, ev.target.checked)} /> Keep
                </label>
                {refusal !== undefined && <span className="hint"> {refusal}</span>}
                {kept && (
                  <p className="entry-warning" role="note">
                    Kept: {from} node {plan.index} would still wrap its share under this key, so the pair stays not paired and health keeps warning.
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}
