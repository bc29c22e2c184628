import { describe, expect, it } from 'vitest';
import { joinPlan } from './join-plan.ts';
import { mergeSessions, feedKey, type NodeFeed } from './merge.ts';
import { SESSION_ID, view } from './test-support/session-views.ts';
import type { SessionView } from '../../../client/sessions.ts';

const site = { name: 'main', nodes: [{ index: 1 }, { index: 2 }, { index: 3 }] };
const now = Date.parse('2026-01-01T00:00:04.000Z');

function session(views: Record<number, SessionView | undefined>, failing: number[] = []) {
  const feeds: Record<string, NodeFeed> = {};
  for (const { index } of site.nodes) {
    const v = views[index];
    feeds[feedKey('main', index)] = { site: 'main', index, status: failing.includes(index) ? 'failing' : 'live', sessions: v ? { [SESSION_ID]: v } : {} };
  }
  return mergeSessions([site], feeds)[0]!;
}

describe('joinPlan', () => {
  it('joins the missing node with the parameters the joined nodes report, within their deadline', () => {
    const plan = joinPlan(session({ 1: view(1), 2: view(2) }), now);
    expect(plan).toEqual({
      kind: 'ready',
      missing: [3],
      joinedBy: [1, 2],
      parameters: { keyId: 'k1', curve: 'secp256k1', chainCode: false },
      request: { sessionId: SESSION_ID, kind: 'keygen', parameters: { keyId: 'k1', curve: 'secp256k1', chainCode: false }, timeoutMs: 6000 },
    });
  });
  it('never asks for less than the protocol minimum timeout', () => {
    const plan = joinPlan(session({ 1: view(1) }), Date.parse('2026-01-01T00:00:09.900Z'));
    expect(plan.kind === 'ready' && plan.request.timeoutMs).toBe(1000);
  });
  it('refuses import: each node needs its own wrapped share', () => {
    const plan = joinPlan(session({ 1: view(1, { kind: 'import' }) }), now);
    expect(plan).toMatchObject({ kind: 'refused', missing: [2, 3] });
    expect(plan.kind === 'refused' && plan.why).toMatch(/own wrapped share/);
  });
  it('refuses when the joined nodes disagree', () => {
    const plan = joinPlan(session({ 1: view(1), 2: view(2, { parameters: { curve: 'ed25519' } }) }), now);
    expect(plan.kind).toBe('refused');
  });
  it('offers nothing once the session moved on, or when every readable node joined', () => {
    expect(joinPlan(session({ 1: view(1, { state: 'failed' }), 2: view(2) }), now).kind).toBe('none');
    expect(joinPlan(session({ 1: view(1), 2: view(2) }, [3]), now).kind).toBe('none');
  });
});
