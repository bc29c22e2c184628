import { describe, expect, it } from 'vitest';
import { NodeError } from './node-client.ts';
import type { JoinSession, SessionsApi, SessionView } from './sessions.ts';
import { runFailureSentence } from './failure-words.ts';
import { nodePhaseText, runSession, type SiteRun } from './run-session.ts';

const nodes = [1, 2, 3].map((index) => ({ index, url: `http://n${index}`, token: 't' }));
const SESSION = 'AAAAAAAAAAAAAAAAAAAAAA';

function view(node: number, state: SessionView['state']): SessionView {
  return {
    sessionId: SESSION, kind: 'keygen', state, node, site: 'main', parameters: {}, parametersHash: 'h', joined: [node],
    createdAt: '', updatedAt: '', joinDeadline: '', deadline: '', history: [],
  };
}

/** A fake site: each node answers its scripted states in turn, the last one forever. */
function fakeApi(script: Record<number, Array<SessionView['state'] | Error>>, joins: JoinSession[] = []): SessionsApi {
  const step = new Map<number, number>();
  const answer = (index: number) => {
    const seq = script[index]!;
    const i = step.get(index) ?? 0;
    step.set(index, i + 1);
    const next = seq[Math.min(i, seq.length - 1)]!;
    if (next instanceof Error) throw next;
    return view(index, next);
  };
  return {
    join: async (node, request) => {
      joins.push(request);
      return answer(Number(node.url.slice(-1)));
    },
    get: async (node) => answer(Number(node.url.slice(-1))),
    list: async () => [],
  };
}

const request = (index: number): JoinSession => ({ sessionId: SESSION, kind: 'keygen', parameters: { curve: 'secp256k1', keyId: `k${index}` } });

describe('runSession', () => {
  it('refuses requests that are not one session, before any node is asked', async () => {
    const joins: JoinSession[] = [];
    const api = fakeApi({ 1: ['done'], 2: ['done'], 3: ['done'] }, joins);
    let n = 0;
    const perNodeId = (index: number): JoinSession => ({ ...request(index), sessionId: `${SESSION.slice(0, -1)}${n++}` });
    await expect(runSession({ nodes, requestFor: perNodeId, api, sleep: async () => {} })).rejects.toThrow(/node 2's request is for keygen session .* outside requestFor/);
    expect(joins).toHaveLength(0);
  });

  it('joins every node with its own request and follows them to done', async () => {
    const joins: JoinSession[] = [];
    const updates: SiteRun[] = [];
    const api = fakeApi({ 1: ['waiting', 'running', 'done'], 2: ['waiting', 'done'], 3: ['agreed', 'running', 'running', 'done'] }, joins);
    const run = await runSession({ nodes, requestFor: request, api, onProgress: (u) => updates.push(u), sleep: async () => {} });
    expect(joins.map((j) => (j.parameters as { keyId: string }).keyId).sort()).toEqual(['k1', 'k2', 'k3']);
    expect(run.finished).toBe(true);
    expect(run.outcome).toBe('done');
    expect(run.nodes.map((n) => n.view?.state)).toEqual(['done', 'done', 'done']);
    expect(updates[0]!.nodes.map((n) => n.phase)).toEqual(['joining', 'joining', 'joining']);
    expect(updates.some((u) => u.nodes[2]!.view?.state === 'running')).toBe(true);
    expect(updates.filter((u) => u.finished)).toHaveLength(1);
  });

  it('reports a refused join and a node that stops answering, and ends failed', async () => {
    const api = fakeApi({
      1: [new NodeError(422, 'invalid-parameters', 'bad curve')],
      2: ['waiting', new NodeError(0, 'unreachable', 'gone')],
      3: ['waiting', 'failed'],
    });
    const run = await runSession({ nodes, requestFor: request, api, sleep: async () => {}, maxMisses: 3 });
    expect(run.outcome).toBe('failed');
    expect(run.nodes[0]).toMatchObject({ phase: 'refused', error: 'HTTP 422: bad curve' });
    expect(run.nodes[1]).toMatchObject({ phase: 'lost' });
    expect(run.nodes[1]!.error).toMatch(/^unreachable/);
    expect(run.nodes[2]!.view?.state).toBe('failed');
  });

  it('with stopOnLoss, stops following once a node is lost, while the others still run; the sentence names the lost node', async () => {
    const api = fakeApi({ 1: ['waiting', 'running'], 2: ['waiting', new NodeError(0, 'unreachable', 'gone', undefined, undefined, 'ECONNREFUSED')], 3: ['waiting', 'running'] });
    const run = await runSession({ nodes, requestFor: request, api, sleep: async () => {}, maxMisses: 3, stopOnLoss: true });
    expect(run).toMatchObject({ finished: true, outcome: 'failed', timedOut: false });
    expect(run.nodes.map((n) => n.phase)).toEqual(['joined', 'lost', 'joined']);
    expect(run.nodes[0]!.view?.state).toBe('running');
    expect(runFailureSentence(run, { name: 'main', nodes })).toMatch(/cannot finish on site main: .*n2.*; the other nodes fail it at their deadline$/);
    // Without it, the run waits for the others to end.
    const patient = await runSession({ nodes, requestFor: request, api: fakeApi({ 1: ['waiting', 'running', 'failed'], 2: ['waiting', new NodeError(0, 'unreachable', 'gone')], 3: ['waiting', 'running', 'failed'] }), sleep: async () => {}, maxMisses: 3 });
    expect(patient.nodes.map((n) => n.view?.state)).toEqual(['failed', 'waiting', 'failed']);
  });

  it('sends a join that got no answer again, and counts a node that never answers as refused', async () => {
    const joins: JoinSession[] = [];
    const gone = new NodeError(0, 'unreachable', 'gone');
    const api = fakeApi({ 1: [gone, 'waiting', 'done'], 2: ['waiting', 'done'], 3: [gone, gone, gone] }, joins);
    const run = await runSession({ nodes, requestFor: request, api, sleep: async () => {}, stopOnRefusal: true });
    expect(joins.filter((j) => (j.parameters as { keyId: string }).keyId === 'k1')).toHaveLength(2);
    expect(joins.filter((j) => (j.parameters as { keyId: string }).keyId === 'k3')).toHaveLength(3);
    expect(run.nodes[0]!.phase).toBe('joined');
    expect(run.nodes[2]).toMatchObject({ phase: 'refused', cause: gone });
    expect(run).toMatchObject({ finished: true, outcome: 'failed', joinFailed: true, timedOut: false });
  });

  it('with waitMs, asks each node to hold its read until the view it holds changes, and sleeps only after reads that brought nothing new', async () => {
    // Each node: waiting (join), waiting, waiting, then done; a view's updatedAt moves with its state.
    const step = new Map<number, number>();
    const asked: Array<{ node: number; since?: string; waitMs?: number }> = [];
    const answer = (index: number): SessionView => {
      const i = step.get(index) ?? 0;
      step.set(index, i + 1);
      const state = i >= 3 ? 'done' : 'waiting';
      return { ...view(index, state), updatedAt: `node ${index} ${state}`, joined: [1, 2, 3] };
    };
    const api: SessionsApi = {
      join: async (node) => answer(Number(node.url.slice(-1))),
      get: async (node, _id, _signal, wait) => {
        const index = Number(node.url.slice(-1));
        asked.push({ node: index, ...(wait ?? {}) });
        return answer(index);
      },
      list: async () => [],
    };
    const sleeps: number[] = [];
    const run = await runSession({ nodes, requestFor: request, api, waitMs: 1500, pollMs: 100, sleep: async (ms) => void sleeps.push(ms), now: () => 0 });
    expect(run.outcome).toBe('done');
    // Every read names the view the run holds (the join's, then the last read's).
    expect(asked.filter((a) => a.node === 2).map((a) => a.since)).toEqual(['node 2 waiting', 'node 2 waiting', 'node 2 waiting']);
    expect(asked.every((a) => a.waitMs === 1500)).toBe(true);
    // Two rounds brought nothing new at once (these nodes do not wait): each was followed by one pollMs sleep, the last by none.
    expect(sleeps).toEqual([100, 100]);

    // Without waitMs: a plain poll, pollMs before every read, no wait asked for.
    step.clear();
    asked.length = 0;
    sleeps.length = 0;
    await runSession({ nodes, requestFor: request, api, pollMs: 100, sleep: async (ms) => void sleeps.push(ms), now: () => 0 });
    expect(asked.every((a) => a.since === undefined && a.waitMs === undefined)).toBe(true);
    expect(sleeps).toEqual([100, 100, 100]);
  });

  it('counts a node that forgot the session (404) as lost at once, with why', async () => {
    const api = fakeApi({ 1: ['waiting', new NodeError(404, 'session-not-found', 'no such session')], 2: ['waiting', 'failed'], 3: ['waiting', 'failed'] });
    const run = await runSession({ nodes, requestFor: request, api, sleep: async () => {}, maxMisses: 100 });
    expect(run.nodes[0]).toMatchObject({ phase: 'lost' });
    expect(run.nodes[0]!.error).toContain(`no longer knows session ${SESSION}`);
    expect(run.outcome).toBe('failed');
  });

  it('stops following at its deadline and says the run timed out', async () => {
    let clock = 0;
    const api = fakeApi({ 1: ['waiting'], 2: ['waiting'], 3: ['waiting'] });
    const run = await runSession({ nodes, requestFor: request, api, deadlineMs: 1000, sleep: async (ms) => void (clock += ms), now: () => clock, pollMs: 300 });
    expect(run).toMatchObject({ finished: true, outcome: 'failed', timedOut: true, joinFailed: false });
    expect(run.waitedSeconds).toBeGreaterThanOrEqual(1);
    expect(run.nodes.every((n) => n.view?.state === 'waiting')).toBe(true);
  });

  it('gives the nodes their own deadline plus a margin when no deadline is given', async () => {
    let clock = 0;
    const api = fakeApi({ 1: ['waiting'], 2: ['waiting'], 3: ['waiting'] });
    const timed = (index: number): JoinSession => ({ ...request(index), timeoutMs: 2000 });
    const run = await runSession({ nodes, requestFor: timed, api, sleep: async (ms) => void (clock += ms), now: () => clock, pollMs: 1000 });
    // 2 s to join + 30 s for the rounds + 5 s of slack.
    expect(run.timedOut).toBe(true);
    expect(clock).toBeGreaterThanOrEqual(37_000);
    expect(clock).toBeLessThan(39_000);
  });
});

describe('nodePhaseText', () => {
  it('describes a node without a view of its own, and leaves the rest to the session kind', () => {
    expect(nodePhaseText({ index: 1, phase: 'joining' })).toBe('Joining…');
    expect(nodePhaseText({ index: 1, phase: 'refused', error: 'HTTP 422: bad' })).toBe('Refused to join: HTTP 422: bad');
    expect(nodePhaseText({ index: 1, phase: 'lost' })).toBe('Stopped answering: no reason given');
    expect(nodePhaseText({ index: 1, phase: 'joined' })).toBe('Joined');
    expect(nodePhaseText({ index: 1, phase: 'joined', view: view(1, 'running') })).toBeUndefined();
  });
});
