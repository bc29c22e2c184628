import { describe, expect, it } from 'vitest';
import { SessionFailure } from '../protocol/domain.ts';
import { FAILURE_SENTENCES, reasonSentence, runFailureSentence } from './failure-words.ts';
import { failureReason, nodeErrorSentence } from './node-error-words.ts';
import { NodeError } from './node-client.ts';
import type { SiteRun } from './run-session.ts';
import type { SessionView } from '../protocol/session.ts';

describe('reasonSentence', () => {
  it('has a sentence for every reason the protocol defines', () => {
    for (const reason of SessionFailure.options) expect(FAILURE_SENTENCES[reason]).toMatch(/^[A-Z].*\.$/);
    expect(Object.keys(FAILURE_SENTENCES).sort()).toEqual([...SessionFailure.options].sort());
  });
  it('still says something for a reason it does not know', () => {
    expect(reasonSentence('cosmic-ray')).toBe('The session failed (cosmic-ray).');
  });
});


describe('runFailureSentence', () => {
  const NODES = [1, 2, 3];
  const site = { name: 'main', nodes: NODES.map((index) => ({ index, url: `http://127.0.0.1:100${index}`, token: 't', site: 'main' })) };
  const base = { sessionId: 'AAAAAAAAAAAAAAAAAAAAAA', finished: true, outcome: 'failed' as const, timedOut: false, waitedSeconds: 1 };

  it('names the mismatching field and which nodes hold which value', () => {
    const failure = { reason: 'mismatch' as const, message: 'the nodes joined with different curve: node 1, 3 vs node 2', field: 'curve', sides: [{ value: 'P-256', nodes: [1, 3] }, { value: 'P-384', nodes: [2] }] };
    const run: SiteRun = { ...base, joinFailed: false, nodes: NODES.map((index) => ({ index, phase: 'joined', view: { state: 'failed', node: index, failure } as SessionView })) };
    expect(runFailureSentence(run, site)).toBe(
      'session AAAAAAAAAAAAAAAAAAAAAA failed on site main (mismatch): the nodes joined with different curve: node 1, 3 vs node 2 — field curve: nodes 1, 3 "P-256" vs node 2 "P-384"',
    );
  });

  it('names a node that refused the join with its URL, and what the others do', () => {
    const refused = new NodeError(401, 'unauthenticated', 'bad token', undefined, { code: 'unauthenticated', message: 'bad token' });
    const run: SiteRun = {
      ...base,
      joinFailed: true,
      nodes: [
        { index: 1, phase: 'joined', view: { state: 'waiting', node: 1 } as SessionView },
        { index: 2, phase: 'refused', error: 'token refused', cause: refused },
        { index: 3, phase: 'joined', view: { state: 'waiting', node: 3 } as SessionView },
      ],
    };
    expect(runFailureSentence(run, site)).toBe(
      "session AAAAAAAAAAAAAAAAAAAAAA could not start on site main: main node 2 (http://127.0.0.1:1002) refused the token in the profile (401 unauthenticated: bad token); check the profile's token for node 2; nodes 1, 3 joined and will give up at the join timeout without acting",
    );
  });
});

describe('nodeErrorSentence', () => {
  const node = { site: 'failover', index: 3, url: 'http://127.0.0.1:4103', token: 't' };
  it('says why a node did not answer, naming it', () => {
    const e = new NodeError(0, 'unreachable', 'not reachable', undefined, undefined, 'ECONNREFUSED', node);
    expect(nodeErrorSentence(e)).toBe('failover node 3 (http://127.0.0.1:4103) is unreachable: ECONNREFUSED');
    expect(nodeErrorSentence(new NodeError(0, 'timeout', 'no answer within 15 s'), node)).toBe('failover node 3 (http://127.0.0.1:4103) is unreachable: no answer within 15 s');
  });
  it('keeps the node\'s own code, message and field', () => {
    const e = new NodeError(409, 'session-conflict', 'taken', 'sessionId', { code: 'session-conflict', message: 'taken', field: 'sessionId' });
    expect(nodeErrorSentence(e, node)).toBe('failover node 3 (http://127.0.0.1:4103) answered 409 session-conflict: taken (field sessionId)');
  });
});

describe('failureReason', () => {
  it('says it short, beside a node', () => {
    expect(failureReason(new NodeError(403, 'forbidden', 'no'))).toBe('token refused');
    expect(failureReason(new NodeError(0, 'timeout', 'no answer within 5 s'))).toBe('timed out (no answer within 5 s)');
    expect(failureReason(new NodeError(422, 'invalid', 'bad curve'))).toBe('HTTP 422: bad curve');
  });
});
