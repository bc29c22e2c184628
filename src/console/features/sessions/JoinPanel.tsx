// Joining a waiting session on the nodes of its site that have not joined yet: the
// parameters as the joined nodes report them come first, for the operator to approve,
// then one button per missing node (or all of them). Import cannot be joined from here.
import { useState } from 'react';
import type { SessionsApi } from '../../../client/sessions.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import type { Site } from '../sites/parse-profile.ts';
import type { JoinPlan } from './join-plan.ts';
import { ParameterTable } from './ParameterTable.tsx';

type Outcome = { state: 'joining' } | { state: 'joined' } | { state: 'refused'; reason: string };

export function JoinPanel({ plan, site, sessionsApi }: { plan: JoinPlan; site: Site; sessionsApi: SessionsApi }) {
  const [approved, setApproved] = useState(false);
  const [outcomes, setOutcomes] = useState<Record<number, Outcome>>({});
  if (plan.kind === 'none') return null;
  if (plan.kind === 'refused') {
    return (
      <section className="card" aria-labelledby="join-heading">
        <h2 id="join-heading">Join the missing nodes</h2>
        <p className="callout callout-warn">
          Nodes {plan.missing.join(', ')} have not joined. {plan.why}
        </p>
      </section>
    );
  }
  const join = async (indices: number[]) => {
    setOutcomes((o) => ({ ...o, ...Object.fromEntries(indices.map((i) => [i, { state: 'joining' } as Outcome])) }));
    await Promise.all(
      indices.map(async (index) => {
        const node = site.nodes.find((n) => n.index === index);
        if (node === undefined) return;
        let outcome: Outcome;
        try {
          await sessionsApi.join(node, plan.request);
          outcome = { state: 'joined' };
        } catch (error) {
          outcome = { state: 'refused', reason: failureReason(error) };
        }
        setOutcomes((o) => ({ ...o, [index]: outcome }));
      }),
    );
  };
  const pending = plan.missing.filter((i) => outcomes[i]?.state !== 'joining' && outcomes[i]?.state !== 'joined');
  return (
    <section className="card join-panel" aria-labelledby="join-heading">
      <h2 id="join-heading">Join the missing nodes</h2>
      <p>
        Node{plan.joinedBy.length === 1 ? '' : 's'} {plan.joinedBy.join(', ')} joined; node{plan.missing.length === 1 ? '' : 's'} {plan.missing.join(', ')}{' '}
        {plan.missing.length === 1 ? 'has' : 'have'} not. Joining sends these parameters, exactly as the joined nodes report them:
      </p>
      <ParameterTable parameters={plan.parameters} label="Parameters to approve" />
      <label className="acknowledge">
        <input type="checkbox" checked={approved} onChange={(e) => setApproved(e.target.checked)} /> I have checked these parameters and approve
        joining with them
      </label>
      <div className="form-actions">
        {plan.missing.map((index) => (
          <button key={index} type="button" className="button" disabled={!approved || !pending.includes(index)} onClick={() => void join([index])}>
            Join on node {index}
          </button>
        ))}
        {plan.missing.length > 1 && (
          <button type="button" className="button button-primary" disabled={!approved || pending.length === 0} onClick={() => void join(pending)}>
            Join on all missing nodes
          </button>
        )}
      </div>
      <ul role="status" aria-label="Join results" className="join-results">
        {Object.entries(outcomes).map(([index, o]) => (
          <li key={index} className={o.state === 'refused' ? 'field-error' : undefined}>
            Node {index}: {o.state === 'joining' ? 'joining…' : o.state === 'joined' ? 'joined.' : `refused: ${o.reason}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
