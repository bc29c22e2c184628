// The migrate page's ordering, counts and words, without React; and the batch-size check.
import { describe, expect, it } from 'vitest';
import type { MigrateKeyResult, MigratePlan, MigrateProgress, PlannedKey } from '../../../client/migrate.ts';
import {
  actionText,
  actionWhy,
  filterKeys,
  finishNotice,
  keysDone,
  notReached,
  orderedPlan,
  orderedResults,
  phaseText,
  planSummary,
  rateText,
  reportFileName,
  resultCounts,
  resultWhy,
  timeLeftText,
} from './migrate-summary.ts';
import { batchSizeProblem } from './use-migrate.ts';

const planned = (keyId: string, action: PlannedKey['action'], message?: string): PlannedKey => ({
  keyId,
  action,
  sourceNodes: [1, 2, 3],
  ...(message ? { message } : {}),
});
const result = (keyId: string, status: MigrateKeyResult['status']): MigrateKeyResult => ({ keyId, status });
const progress = (p: Partial<MigrateProgress>): MigrateProgress => ({
  phase: 'export',
  total: 10,
  copied: 0,
  moved: 0,
  skipped: 0,
  conflicts: 0,
  failed: 0,
  batch: 1,
  batches: 3,
  keysPerSecond: 0,
  ...p,
});

const plan: MigratePlan = {
  move: true,
  keys: [
    planned('a', 'copy'),
    planned('b', 'skip', 'key b is on every node of failover and on no node of main: already moved'),
    planned('c', 'refuse', 'key c is half-held on main'),
    planned('d', 'finish-move'),
    planned('e', 'conflict', 'key ID e names different keys'),
    planned('f', 'copy'),
  ],
};

describe('migrate summary', () => {
  it('orders the plan conflicts, refusals, work, skips; key ID order within each', () => {
    expect(orderedPlan(plan).map((k) => k.keyId)).toEqual(['e', 'c', 'a', 'f', 'd', 'b']);
  });

  it('counts the plan, and a move deletes what it copies or finishes', () => {
    expect(planSummary(plan)).toEqual({ copy: 2, finishMove: 1, skip: 1, conflict: 1, refuse: 1, toDo: 3, toDelete: 3, total: 6 });
    expect(planSummary({ ...plan, move: false }).toDelete).toBe(0);
  });

  it('says each action in words, a move’s copy as a move', () => {
    expect(actionText('copy', false)).toBe('Copy');
    expect(actionText('copy', true)).toBe('Move');
    expect(actionText('finish-move', true)).toBe('Finish the move');
    expect(actionText('refuse', true)).toBe('Refused');
    expect(actionWhy(planned('a', 'copy'), true, 'main', 'failover')).toBe('copied to every node of failover, checked there, then deleted from main');
    expect(actionWhy(planned('a', 'copy'), false, 'main', 'failover')).toBe('copied to every node of failover and checked there; stays on main');
    expect(actionWhy(planned('c', 'refuse', 'key c is half-held on main'), true, 'main', 'failover')).toBe('key c is half-held on main');
  });

  it('orders the report failed, conflicts, moved, copied, skipped; run order within each', () => {
    const results = [
      result('a', 'copied'),
      result('b', 'skipped'),
      result('c', 'failed'),
      result('d', 'moved'),
      result('e', 'conflict'),
      result('f', 'failed'),
    ];
    expect(orderedResults(results).map((r) => r.keyId)).toEqual(['c', 'f', 'e', 'd', 'a', 'b']);
  });

  it('says what holds a copied or moved key, else the client’s sentence', () => {
    expect(resultWhy(result('a', 'copied'), 'main', 'failover')).toBe('on every node of failover (checked); still on main');
    expect(resultWhy(result('a', 'moved'), 'main', 'failover')).toBe('on every node of failover (checked); deleted from every node of main');
    expect(resultWhy({ ...result('a', 'failed'), message: 'key a could not be checked on failover node 2' }, 'main', 'failover')).toBe(
      'key a could not be checked on failover node 2',
    );
  });

  it('counts the results and names the keys the run did not reach', () => {
    const results = [result('b', 'skipped'), result('c', 'failed'), result('e', 'conflict'), result('a', 'moved')];
    expect(resultCounts(plan, results)).toEqual({ copied: 0, moved: 1, skipped: 1, conflict: 1, failed: 1, notReached: 2, total: 6 });
    expect(notReached(plan, results)).toEqual(['d', 'f']);
    expect(notReached(undefined, results)).toEqual([]);
    expect(resultCounts(undefined, results).total).toBe(4);
  });

  it('says the phase, batch, rate and time left in words', () => {
    expect(phaseText(progress({ phase: 'export', batch: 2, batches: 3 }), 'main', 'failover')).toBe(
      'Exporting batch 2 of 3 from main (each node wraps its shares for its failover node)…',
    );
    expect(phaseText(progress({ phase: 'verify' }), 'main', 'failover')).toBe('Checking batch 1 of 3 on every node of failover…');
    expect(phaseText(progress({ phase: 'delete' }), 'main', 'failover')).toBe('Deleting batch 1 of 3 from main (checked on every node of failover)…');
    expect(keysDone(progress({ copied: 2, moved: 1, skipped: 3, conflicts: 1, failed: 1 }))).toBe(8);
    expect(rateText(undefined)).toBe('—');
    expect(rateText(progress({ keysPerSecond: 3.14 }))).toBe('3.1 keys/s');
    expect(rateText(progress({ keysPerSecond: 250.6 }))).toBe('251 keys/s');
    expect(timeLeftText(progress({}))).toBe('—');
    expect(timeLeftText(progress({ secondsLeft: 125 }))).toBe('2 min 5 s');
    expect(timeLeftText(progress({ phase: 'done', secondsLeft: 3 }))).toBe('none');
  });

  it('says when running again finishes the run, and not otherwise', () => {
    const base = { move: true, from: 'main', to: 'failover' };
    expect(finishNotice({ ...base, unfinished: [] })).toBeUndefined();
    expect(finishNotice({ ...base, unfinished: ['d', 'f'], stopped: 'stopped after batch 1 of 3' })).toBe(
      'The run stopped: stopped after batch 1 of 3. 2 keys are not finished. Running it again finishes them: the plan is read again from the nodes, so what is done is skipped. Every key is on every node of at least one site: none was deleted from main before every failover node was checked to hold it.',
    );
    expect(finishNotice({ ...base, move: false, unfinished: ['d'] })).toBe(
      '1 key is not finished. Running it again finishes it: the plan is read again from the nodes, so what is done is skipped.',
    );
  });

  it('filters the source keys by key ID or curve, any case', () => {
    const keys = [
      { keyId: 'wallet-1', curve: 'secp256k1' },
      { keyId: 'Wallet-2', curve: 'ed25519' },
      { keyId: 'vault', curve: 'P-256' },
    ];
    expect(filterKeys(keys, '').map((k) => k.keyId)).toEqual(['wallet-1', 'Wallet-2', 'vault']);
    expect(filterKeys(keys, ' wallet ').map((k) => k.keyId)).toEqual(['wallet-1', 'Wallet-2']);
    expect(filterKeys(keys, 'p-256').map((k) => k.keyId)).toEqual(['vault']);
  });

  it('names the report after both sites and the moment', () => {
    expect(reportFileName('main', 'failover', 'csv', new Date('2026-12-02T10:11:12.345Z'))).toBe('migrate-main-to-failover-2026-12-02T10-11-12.csv');
  });

  it('takes a batch size of 1 to 1000 keys only', () => {
    expect(batchSizeProblem('250')).toBeUndefined();
    expect(batchSizeProblem(' 1 ')).toBeUndefined();
    expect(batchSizeProblem('1000')).toBeUndefined();
    for (const bad of ['0', '1001', '2.5', '', 'ten', '-3', '1e3'])
      expect(batchSizeProblem(bad), bad).toBe('Keys per batch must be a whole number from 1 to 1000.');
  });
});
