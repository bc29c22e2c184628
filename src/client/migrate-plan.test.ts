// planMigration from hand-made key lists: each place a key can be in (the order copy →
// check → delete, and the states an interrupted run leaves) gets its action.
import { describe, expect, it } from 'vitest';
import type { NodeKey } from './keys.ts';
import { planCounts, planMigration, type SiteKeyLists } from './migrate-plan.ts';

const key = (keyId: string, publicKey: string, extra: Partial<NodeKey> = {}): NodeKey => ({ keyId, curve: 'secp256k1', publicKey, chainCode: false, createdAt: '2026-12-02T00:00:00Z', origin: 'import', ...extra });

/** A 3-node site; `held` maps node index → its keys. */
function site(name: string, held: Record<number, NodeKey[]>): SiteKeyLists {
  return { name, nodes: [1, 2, 3].map((index) => ({ index, keys: held[index] ?? [] })) };
}
const all = (...keys: NodeKey[]) => ({ 1: keys, 2: keys, 3: keys });

describe('planMigration', () => {
  const a = key('a', 'PK-A');
  it('copies a key every source node holds and no target node does; a move does the same', () => {
    for (const move of [false, true]) {
      const plan = planMigration(site('main', all(a)), site('failover', {}), { move });
      expect(plan.keys).toEqual([{ keyId: 'a', action: 'copy', publicKey: 'PK-A', curve: 'secp256k1', sourceNodes: [1, 2, 3] }]);
    }
  });

  it('skips a key already on every target node; a move finishes it by deleting on the source nodes still holding it', () => {
    const target = site('failover', all(a));
    expect(planMigration(site('main', all(a)), target, { move: false }).keys[0]).toMatchObject({ action: 'skip', reason: 'already-present' });
    expect(planMigration(site('main', all(a)), target, { move: true }).keys[0]).toMatchObject({ action: 'finish-move', sourceNodes: [1, 2, 3] });
    // Cut short mid-delete: only node 3 still holds it.
    const halfDeleted = site('main', { 3: [a] });
    expect(planMigration(halfDeleted, target, { move: true }).keys[0]).toMatchObject({ action: 'finish-move', sourceNodes: [3] });
    const copy = planMigration(halfDeleted, target, { move: false }).keys[0]!;
    expect(copy).toMatchObject({ action: 'skip', reason: 'already-present' });
    expect(copy.message).toContain('on main only node 3 hold it');
  });

  it('a key only on the target, asked for by ID, is already moved; one on neither site is refused as not-found', () => {
    const plan = planMigration(site('main', {}), site('failover', all(a)), { move: true, keyIds: ['a', 'zz'] });
    expect(plan.keys.map((k) => [k.keyId, k.action, k.reason])).toEqual([
      ['a', 'skip', 'already-moved'],
      ['zz', 'refuse', 'not-found'],
    ]);
  });

  it('two public keys under one key ID are a conflict, whichever site holds the other one', () => {
    const other = key('a', 'PK-OTHER');
    expect(planMigration(site('main', all(a)), site('failover', all(other)), { move: true }).keys[0]).toMatchObject({ action: 'conflict', reason: 'conflict' });
    expect(planMigration(site('main', { 1: [a], 2: [a], 3: [other] }), site('failover', {}), { move: false }).keys[0]).toMatchObject({ action: 'conflict' });
  });

  it('a key some nodes of a site hold and others not is refused as half-held, naming the nodes', () => {
    const onTarget = planMigration(site('main', all(a)), site('failover', { 1: [a], 3: [a] }), { move: true }).keys[0]!;
    expect(onTarget).toMatchObject({ action: 'refuse', reason: 'half-held' });
    expect(onTarget.message).toContain('nodes 1, 3 hold it, node 2 does not');
    const onSource = planMigration(site('main', { 2: [a] }), site('failover', {}), { move: false }).keys[0]!;
    expect(onSource).toMatchObject({ action: 'refuse', reason: 'half-held' });
    expect(onSource.message).toContain('nodes 1, 3 do not hold it');
  });

  it('a noCopy key is moved (carrying the flag), never copied; a disabled one is never exported', () => {
    const nc = key('n', 'PK-N', { noCopy: true });
    expect(planMigration(site('main', all(nc)), site('failover', {}), { move: false }).keys[0]).toMatchObject({ action: 'refuse', reason: 'no-copy' });
    expect(planMigration(site('main', all(nc)), site('failover', {}), { move: true }).keys[0]).toMatchObject({ action: 'copy', noCopy: true });
    const off = key('d', 'PK-D', { noCopy: true, disabled: true });
    expect(planMigration(site('main', all(off)), site('failover', {}), { move: true }).keys[0]).toMatchObject({ action: 'refuse', reason: 'disabled' });
  });

  it('plans every source key by default, sorted, and counts the actions', () => {
    const b = key('b', 'PK-B');
    const c = key('c', 'PK-C');
    const plan = planMigration(site('main', all(c, a, b)), site('failover', all(b)), { move: false });
    expect(plan.keys.map((k) => k.keyId)).toEqual(['a', 'b', 'c']);
    expect(planCounts(plan)).toEqual({ copy: 2, 'finish-move': 0, skip: 1, conflict: 0, refuse: 0 });
  });
});
