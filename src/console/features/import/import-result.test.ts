import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../../crypto/bundle.ts';
import type { SessionView } from '../../../client/sessions.ts';
import type { NodeRun, SiteRun } from '../../../client/run-session.ts';
import { importVerdict } from './import-result.ts';

const bundle = { format: 'keyferry-bundle/1', curve: 'secp256k1', threshold: 1, publicKey: new Uint8Array([1, 2, 3]), shares: [] } as Bundle;
function node(index: number, state: SessionView['state'], result?: Partial<NonNullable<SessionView['result']>>, failure?: string): NodeRun {
  const view = {
    sessionId: 'S'.repeat(22), kind: 'import', state, node: index, site: 'main', parameters: {}, parametersHash: '', joined: [], createdAt: '', updatedAt: '',
    joinDeadline: '', deadline: '', history: [],
    ...(result ? { result: { keyId: 'k1', curve: 'secp256k1', threshold: 1, publicKey: 'AQID', ...result } } : {}),
    ...(failure ? { failure: { reason: 'unwrap-failed', message: failure } } : {}),
  } as SessionView;
  return { index, phase: 'joined', view };
}
const run = (nodes: NodeRun[]): SiteRun => ({ sessionId: 'S'.repeat(22), nodes, finished: true, joinFailed: false, timedOut: false, waitedSeconds: 0 });

describe('importVerdict', () => {
  it('is ok when every node holds the bundle\'s public key under one key ID', () => {
    expect(importVerdict(run([node(1, 'done', {}), node(2, 'done', {}), node(3, 'done', {})]), bundle)).toEqual({ ok: true, keyId: 'k1', alreadyPresent: false });
    expect(importVerdict(run([1, 2, 3].map((i) => node(i, 'done', { alreadyPresent: true }))), bundle)).toMatchObject({ alreadyPresent: true });
  });
  it('names failed, refused and lost nodes, another public key and split key IDs', () => {
    const verdict = importVerdict(
      run([
        node(1, 'failed', undefined, 'node 1 could not unwrap its share'),
        { index: 2, phase: 'refused', error: 'HTTP 422: bad' },
        { index: 3, phase: 'lost', error: 'unreachable' },
        node(4, 'done', { publicKey: 'BBBB' }),
        node(5, 'done', { keyId: 'k2' }),
      ]),
      bundle,
    );
    expect(verdict).toEqual({
      ok: false,
      problems: [
        'Node 1: node 1 could not unwrap its share.',
        'Node 2 refused to join: HTTP 422: bad.',
        'Node 3 stopped answering: unreachable.',
        'Node 4 holds a different public key than the one imported: do not use this key.',
        'The nodes stored the key under different key IDs (k1, k2).',
      ],
    });
  });
});
