// The page's counts, report order and words, without React.
import { describe, expect, it } from 'vitest';
import type { BulkKeyReport } from '../../../client/bulk-import.ts';
import { bulkCounts, durationText, orderedReport, rateText, reportFileName, timeLeftText } from './bulk-summary.ts';

const line = (keyId: string, status: BulkKeyReport['status']): BulkKeyReport => ({ keyId, source: `${keyId}.pem`, status });

describe('bulk summary', () => {
  it('counts the entries that could not be keys as failures of the run', () => {
    expect(bulkCounts(10, 2, undefined)).toEqual({ total: 12, done: 0, skipped: 0, failed: 2, finished: 2 });
    expect(bulkCounts(10, 2, { done: 5, skipped: 1, failed: 1, inFlight: 3, keysPerSecond: 2 })).toEqual({ total: 12, done: 5, skipped: 1, failed: 3, finished: 9 });
  });

  it('puts failed lines first, then skipped, then done, each in input order', () => {
    const report = [line('a', 'done'), line('b', 'failed'), line('c', 'skipped'), line('d', 'done'), line('e', 'failed')];
    expect(orderedReport([line('bad-line', 'failed')], report).map((r) => r.keyId)).toEqual(['bad-line', 'b', 'e', 'c', 'a', 'd']);
  });

  it('says the rate and the time left in words', () => {
    expect(durationText(0.4)).toBe('under a second');
    expect(durationText(42.4)).toBe('42 s');
    expect(durationText(125)).toBe('2 min 5 s');
    expect(durationText(3 * 3600 + 60)).toBe('3 h 1 min');
    expect(rateText(undefined)).toBe('—');
    expect(rateText({ done: 1, skipped: 0, failed: 0, inFlight: 0, keysPerSecond: 12.345 })).toBe('12.3 keys/s');
    expect(rateText({ done: 1, skipped: 0, failed: 0, inFlight: 0, keysPerSecond: 412.6 })).toBe('413 keys/s');
    expect(timeLeftText({ done: 1, skipped: 0, failed: 0, inFlight: 0, keysPerSecond: 1, secondsLeft: 0 })).toBe('none');
    expect(timeLeftText({ done: 1, skipped: 0, failed: 0, inFlight: 0, keysPerSecond: 1 })).toBe('—');
    expect(reportFileName('main', 'csv', new Date('2026-12-02T10:11:12.345Z'))).toBe('bulk-import-main-2026-12-02T10-11-12.csv');
  });
});
