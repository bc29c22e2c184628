import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../client/sessions.ts';
import type { SiteRun } from '../../../client/run-session.ts';
import { failureText, nodeRunText, runFailure, runSummary } from './run-words.ts';

const view = (node: number, state: SessionView['state'], failure?: SessionView['failure']) =>
  ({ node, state, ...(failure ? { failure } : {}) }) as SessionView;

describe('run words', () => {
  it('names the refusing node of a not-whitelisted failure', () => {
    const failure = { reason: 'not-whitelisted' as const, message: "node 2 refuses to export under wrapping key abcd…: it is not on node 2's ExportWhiteList", node: 2 };
    expect(failureText(failure)).toBe(
      "not whitelisted — node 2 refused to wrap its share: the wrapping key for it is not on its export whitelist (node 2 refuses to export under wrapping key abcd…: it is not on node 2's ExportWhiteList).",
    );
    const run: SiteRun = {
      sessionId: 's', joinFailed: false, timedOut: false, waitedSeconds: 0,
      finished: true,
      outcome: 'failed',
      nodes: [1, 2, 3].map((i) => ({ index: i, phase: 'joined', view: view(i, 'failed', failure) })),
    };
    expect(runFailure(run)).toMatch(/^The export failed: not whitelisted — node 2 refused/);
    expect(nodeRunText(run.nodes[0]!)).toBe('Failed (not whitelisted, named node 2)');
    expect(nodeRunText(run.nodes[1]!)).toBe('Failed (not whitelisted, this node refused)');
  });

  it('describes progress and refusals', () => {
    const run: SiteRun = {
      sessionId: 's', joinFailed: false, timedOut: false, waitedSeconds: 0,
      finished: false,
      nodes: [
        { index: 1, phase: 'joined', view: view(1, 'done') },
        { index: 2, phase: 'joined', view: view(2, 'running') },
        { index: 3, phase: 'joining' },
      ],
    };
    expect(runSummary(run)).toBe('Joining the nodes (2 of 3)…');
    expect(nodeRunText(run.nodes[1]!)).toBe('Re-randomizing and wrapping its share');
    expect(runFailure(run)).toBeUndefined();
    const refused: SiteRun = { sessionId: 's', joinFailed: true, timedOut: false, waitedSeconds: 0, finished: true, outcome: 'failed', nodes: [{ index: 1, phase: 'refused', error: 'token refused' }] };
    expect(runFailure(refused)).toBe('The export failed: node 1 refused to join (token refused). The other nodes time out without acting.');
    expect(runSummary({ ...run, nodes: run.nodes.slice(0, 2) })).toBe('Session running: 1 of 2 nodes done…');
  });
});
