// The console's backup file: what it writes reads back the same; a file of another site, a
// broken record or something else entirely is named, and a good record beside a bad one
// is still read.
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../../protocol/raw-backup.ts';
import { rawSetFileName, rawSetText, readRawSet } from './raw-set.ts';

const record = (keyId: string, index: number, site = 'main'): RawRecord => ({
  format: 'keyferry-raw/1',
  recordId: 'ab'.repeat(16),
  site,
  index,
  threshold: 1,
  players: 3,
  keyId,
  curve: 'secp256k1',
  publicKey: 'MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAE',
  publicShare: 'BAAA',
  chainCode: false,
  noCopy: false,
  origin: 'test',
  createdAt: '2026-12-02T10:00:00.000Z',
  exportedAt: '2026-12-02T11:00:00.000Z',
  kekFingerprint: 'cd'.repeat(16),
  wrapped: 'AAAA',
});

describe('the console backup file', () => {
  it('reads back what it wrote, and names the file by site and time', () => {
    const records = [record('k1', 1), record('k1', 2)];
    const now = new Date('2026-12-02T10:11:12.345Z');
    expect(readRawSet(rawSetText('main', records, now), 'main')).toEqual({ records, problems: [] });
    expect(rawSetFileName('main', now)).toBe('keyferry-backup-main-2026-12-02T10-11-12Z.json');
  });

  it('names what it cannot read and keeps the rest', () => {
    expect(readRawSet('{', 'main').problems[0]).toMatch(/^the file is not JSON/);
    expect(readRawSet(rawSetText('dr', [record('k1', 1, 'dr')]), 'main').problems).toEqual(['the file holds a backup of site dr, not main; open that site\'s backup page']);
    expect(readRawSet('{"hello":1}', 'main').problems[0]).toContain('neither a keyferry-raw-set/1 file nor keyferry-raw/1 records');
    const mixed = readRawSet(JSON.stringify([{ ...record('k2', 1), wrapped: 7 }, record('k3', 1), record('k4', 1, 'dr')]), 'main');
    expect(mixed.records.map((r) => r.keyId)).toEqual(['k3']);
    expect(mixed.problems).toEqual([
      'record 1 (key k2) is not a keyferry-raw/1 record: wrapped: Invalid input: expected string, received number',
      'record 3 (key k4) is of site dr, not main',
    ]);
    expect(readRawSet(JSON.stringify(record('k5', 2)), 'main').records).toHaveLength(1);
  });
});
