import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../../protocol/domain.ts';
import { applyEvent, feedKey, mergeSessions, newerView, overallState, type NodeFeed, type NodeCell } from './merge.ts';
import { SESSION_ID, view } from './test-support/session-views.ts';

const site = { name: 'main', nodes: [{ index: 1 }, { index: 2 }, { index: 3 }] };
const feed = (index: number, sessions: NodeFeed['sessions'], status: NodeFeed['status'] = 'live', reason?: string): NodeFeed => ({
  site: 'main',
  index,
  status,
  sessions,
  ...(reason ? { reason } : {}),
});
const cell = (index: number, state?: SessionState): NodeCell => (state ? { index, kind: 'view', view: view(index, { state }) } : { index, kind: 'absent' });

describe('overallState', () => {
  it('is failed as soon as one node failed', () => {
    expect(overallState([cell(1, 'running'), cell(2, 'failed'), cell(3, 'done')])).toBe('failed');
  });
  it('is done only when every node is done', () => {
    expect(overallState([cell(1, 'done'), cell(2, 'done'), cell(3, 'done')])).toBe('done');
    expect(overallState([cell(1, 'done'), cell(2, 'done'), cell(3, 'running')])).toBe('running');
  });
  it('counts a node that has not joined as waiting', () => {
    expect(overallState([cell(1, 'waiting'), cell(2, 'waiting'), cell(3)])).toBe('waiting');
  });
  it('ignores nodes that cannot be read', () => {
    expect(overallState([cell(1, 'done'), cell(2, 'done'), { index: 3, kind: 'unknown', reason: 'unreachable' }])).toBe('done');
    expect(overallState([{ index: 3, kind: 'unknown' }])).toBe('waiting');
  });
});

describe('mergeSessions', () => {
  it('merges one session across nodes, with a cell per node of the site', () => {
    const feeds = {
      [feedKey('main', 1)]: feed(1, { [SESSION_ID]: view(1, { state: 'done', createdAt: '2026-01-01T00:00:01.000Z' }) }),
      [feedKey('main', 2)]: feed(2, { [SESSION_ID]: view(2, { state: 'done' }) }),
      [feedKey('main', 3)]: feed(3, {}),
    };
    const [s, ...rest] = mergeSessions([site], feeds);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ sessionId: SESSION_ID, site: 'main', kind: 'keygen', keyId: 'k1', createdAt: '2026-01-01T00:00:00.000Z', state: 'waiting' });
    expect(s!.cells.map((c) => c.kind)).toEqual(['view', 'view', 'absent']);
  });
  it('keeps a failing node as unknown with its reason, and its last sessions', () => {
    const feeds = {
      [feedKey('main', 1)]: feed(1, { [SESSION_ID]: view(1) }),
      [feedKey('main', 2)]: feed(2, {}, 'failing', 'unreachable'),
    };
    const [s] = mergeSessions([site], feeds);
    expect(s!.cells).toEqual([expect.objectContaining({ kind: 'view' }), { index: 2, kind: 'unknown', reason: 'unreachable' }, { index: 3, kind: 'unknown' }]);
  });
  it("marks a failing node's last view as stale", () => {
    const feeds = { [feedKey('main', 1)]: feed(1, { [SESSION_ID]: view(1) }, 'failing', 'unreachable') };
    expect(mergeSessions([site], feeds)[0]!.cells[0]).toEqual({ index: 1, kind: 'view', view: view(1), stale: { reason: 'unreachable' } });
  });
  it('keeps sites apart and sorts newest first', () => {
    const other = { name: 'failover', nodes: [{ index: 1 }] };
    const feeds = {
      [feedKey('main', 1)]: feed(1, { a: view(1, { sessionId: 'a'.repeat(22), createdAt: '2026-01-01T00:00:00.000Z' }) }),
      [feedKey('failover', 1)]: { ...feed(1, { b: view(1, { sessionId: 'b'.repeat(22), site: 'failover', createdAt: '2026-01-02T00:00:00.000Z' }) }), site: 'failover' },
    };
    expect(mergeSessions([site, other], feeds).map((s) => s.site)).toEqual(['failover', 'main']);
  });
  it('has no sessions without feeds', () => {
    expect(mergeSessions([site], {})).toEqual([]);
  });
});

describe('applyEvent and newerView', () => {
  const event = { sessionId: SESSION_ID, kind: 'keygen' as const, state: 'agreed' as const, node: 1, site: 'main', keyId: 'k1', joined: [1, 2, 3] };
  it('moves the state and appends history at the event time', () => {
    const next = applyEvent(view(1), event, '2026-01-01T00:00:02.000Z')!;
    expect(next.state).toBe('agreed');
    expect(next.joined).toEqual([1, 2, 3]);
    expect(next.history.at(-1)).toEqual({ state: 'agreed', at: '2026-01-01T00:00:02.000Z' });
  });
  it('carries a failure', () => {
    const failure = { reason: 'timeout' as const, message: 'node 3 never joined', node: 3 };
    expect(applyEvent(view(1), { ...event, state: 'failed', failure }, '2026-01-01T00:00:02.000Z')!.failure).toEqual(failure);
  });
  it('needs a view to apply to', () => {
    expect(applyEvent(undefined, event, 'x')).toBeUndefined();
  });
  it('never lets an older answer move a view back', () => {
    const done = view(1, { state: 'done' });
    expect(newerView(done, view(1, { state: 'running' }))).toBe(done);
    const running = view(1, { state: 'running' });
    expect(newerView(view(1), running)).toBe(running);
  });
});
