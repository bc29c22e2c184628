import { describe, expect, it } from 'vitest';
import type { ExportConfigView } from '../../../client/export-config.ts';
import { buildMatrix } from './matrix.ts';
import type { KnownKey } from './origins.ts';

const fp = (c: string) => c.repeat(64);
function config(enableExport: boolean, fps: string[]): ExportConfigView {
  const entries = fps.map((f) => (f === '*' ? { key: '*' } : { key: `K${f}`, fingerprint: f, rsaBits: 3072 }));
  return { enableExport, whitelist: entries.map((e) => e.key), entries, version: 1, updatedAt: '', updatedBy: 'admin' };
}

describe('buildMatrix', () => {
  it('says per node whether it would wrap under each key, listed keys first', () => {
    const known: KnownKey[] = [
      { fingerprint: fp('c'), spki: 'C', bits: 4096, source: { kind: 'browser', label: 'laptop' } },
      { fingerprint: fp('d'), spki: 'D', bits: 3072, source: { kind: 'node', site: 'main', index: 1, status: 'active' } },
    ];
    const rows = buildMatrix(
      'main',
      [
        { index: 1, config: config(true, [fp('a'), fp('b')]) },
        { index: 2, config: config(false, [fp('a')]) },
        { index: 3, config: config(true, ['*']) },
        { index: 4, config: undefined },
      ],
      known,
      new Map([[fp('c'), ['Browser wrapping key “laptop”']]]),
    );
    expect(rows.map((r) => r.fingerprint)).toEqual([fp('a'), fp('b'), fp('c')]);
    expect(rows[0]).toMatchObject({ cells: ['admits', 'listed-export-off', 'admits-wildcard', 'unknown'], refusedBy: [2], bits: 3072 });
    expect(rows[1]).toMatchObject({ cells: ['admits', 'refuses', 'admits-wildcard', 'unknown'], refusedBy: [2] });
    expect(rows[2]).toMatchObject({ cells: ['refuses', 'refuses', 'admits-wildcard', 'unknown'], refusedBy: [1, 2], bits: 4096, origins: ['Browser wrapping key “laptop”'] });
  });
});
