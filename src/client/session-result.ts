// What a session produced, once every node reports done: the nodes must agree on the key
// (key ID, curve, threshold, public key) before anyone uses it — a node that reports
// another key means the run cannot be trusted. Shared by keygen, export and import
// reports in the console and the CLI. Pure.
import type { SessionView } from '../protocol/session.ts';

export type SessionResult = NonNullable<SessionView['result']>;

/** The nodes' results cannot be used: the sentence says which node and what. */
export class ResultError extends Error {
  override readonly name = 'ResultError';
}

const AGREED = ['keyId', 'curve', 'threshold', 'publicKey'] as const;

/** The key every node reports; throws ResultError unless every view is done with a result and all agree. */
export function agreedResult(views: readonly SessionView[]): SessionResult {
  if (views.length === 0) throw new ResultError('No node reported a result.');
  const sorted = [...views].sort((a, b) => a.node - b.node);
  for (const view of sorted) {
    if (view.state !== 'done') throw new ResultError(`Node ${view.node} has not finished the ${view.kind} (${view.state}).`);
    if (view.result === undefined) throw new ResultError(`Node ${view.node} reports done without a result.`);
  }
  const first = sorted[0]!;
  const r0 = first.result!;
  for (const view of sorted) {
    for (const field of AGREED) {
      if (view.result![field] !== r0[field]) {
        throw new ResultError(
          `The nodes report different ${field === 'publicKey' ? 'public keys' : `${field}s`} (node ${first.node}: ${String(r0[field]).slice(0, 24)}, node ${view.node}: ${String(view.result![field]).slice(0, 24)}); do not use this key.`,
        );
      }
    }
  }
  return r0;
}
