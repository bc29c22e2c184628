import { describe, expect, it } from 'vitest';
import { NodeError } from '../../../client/node-client.ts';
import type { NodeInfo } from '../../../client/info.ts';
import { failureReason } from '../../../client/node-error-words.ts';
import { shortFingerprint, siteWarnings, type NodeStatus } from './node-status.ts';

function info(over: Partial<NodeInfo> = {}): NodeInfo {
  return {
    site: 'main', index: 1, n: 3, t: 1, version: '0.1.0', wrappingKeyFingerprint: 'ab'.repeat(32), identityKey: 'x',
    exportEnabled: false, whitelistSize: 1, whitelistWildcard: false, keyCount: 0, peers: [], you: { name: 'admin', role: 'admin' },
    lastEventId: 0, pairing: null,
    ...over,
  };
}
const ok = (over: Partial<NodeInfo> = {}): NodeStatus => ({ state: 'reachable', info: info(over) });

describe('failureReason', () => {
  it('maps 401 and 403 to "token refused"', () => {
    expect(failureReason(new NodeError(401, 'unauthorized', 'bad token'))).toBe('token refused');
    expect(failureReason(new NodeError(403, 'forbidden', 'no'))).toBe('token refused');
  });
  it('names timeouts and unreachable nodes', () => {
    expect(failureReason(new NodeError(0, 'timeout', ''))).toMatch(/^timed out/);
    expect(failureReason(new NodeError(0, 'unreachable', ''))).toMatch(/^unreachable/);
    expect(failureReason(new NodeError(500, 'internal', 'Internal error'))).toBe('HTTP 500: Internal error');
  });
});

describe('shortFingerprint', () => {
  it('keeps 12 hex characters', () => expect(shortFingerprint('0123456789abcdef')).toBe('0123456789ab'));
});

describe('siteWarnings', () => {
  const base = { name: 'main', threshold: 1 };
  it('is empty for a healthy site', () => {
    expect(siteWarnings({ ...base, nodes: [1, 2, 3].map((index) => ({ index, status: ok({ index }) })) })).toEqual([]);
  });
  it('warns about wildcards, enabled export with an empty whitelist and unreachable nodes', () => {
    const w = siteWarnings({
      ...base,
      nodes: [
        { index: 1, status: ok({ whitelistWildcard: true, whitelistSize: 1 }) },
        { index: 2, status: ok({ index: 2, exportEnabled: true, whitelistSize: 0 }) },
        { index: 3, status: { state: 'unreachable', reason: 'token refused' } },
        { index: 4, status: { state: 'loading' } },
      ],
    });
    expect(w).toEqual([
      'Node 3 is not reachable: token refused.',
      'Node 1 has the wildcard "*" on its export whitelist: it would wrap its share under any key.',
      'Node 2 has export enabled with an empty whitelist: nothing can be exported until a key is added.',
    ]);
  });
  it('warns when a node is not the site or index the profile says', () => {
    const w = siteWarnings({ ...base, nodes: [{ index: 1, status: ok({ site: 'failover' }) }, { index: 2, status: ok({ index: 3 }) }] });
    expect(w).toEqual(['Node 1 says it belongs to site "failover", not "main": check the profile.', 'Node 2 says it is node 3: check the profile.']);
  });
  it('warns when nodes disagree on n/t', () => {
    const w = siteWarnings({ ...base, nodes: [{ index: 1, status: ok() }, { index: 2, status: ok({ index: 2, t: 2 }) }] });
    expect(w).toEqual(['Nodes disagree on n/t (node 1: 3/1, node 2: 3/2).']);
  });
});
