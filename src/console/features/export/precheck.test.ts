import { describe, expect, it } from 'vitest';
import type { ExportConfigView } from '../../../client/export-config.ts';
import { precheck, precheckSummary, verdictFor, verdictText } from './precheck.ts';

const FP = 'a'.repeat(64);
const config = (enableExport: boolean, whitelist: string[], fingerprints: string[] = []): ExportConfigView => ({
  enableExport,
  whitelist,
  entries: fingerprints.map((fingerprint, i) => ({ key: whitelist[i] ?? 'x', fingerprint })),
  version: 1,
  updatedAt: '2026-11-01T00:00:00.000Z',
  updatedBy: 'admin',
});

describe('verdictFor', () => {
  it.each([
    [config(true, ['K'], [FP]), 'admits'],
    [config(true, ['*']), 'admits-wildcard'],
    [config(true, ['K'], ['b'.repeat(64)]), 'not-whitelisted'],
    [config(true, []), 'not-whitelisted'],
    [config(false, ['K'], [FP]), 'export-disabled'],
    [config(false, ['*']), 'export-disabled'],
  ] as const)('%# → %s', (c, verdict) => expect(verdictFor(c, FP)).toBe(verdict));
});

describe('precheck', () => {
  it('is ok when every node admits', () => {
    const p = precheck([1, 2, 3].map((index) => ({ index, config: config(true, ['K'], [FP]), wrappingKeyFingerprint: FP })));
    expect(p.ok).toBe(true);
    expect(precheckSummary(p)).toBe('Every node (3) admits its wrapping key. The export can start.');
  });

  it('names refusing and unreadable nodes', () => {
    const p = precheck([
      { index: 1, config: config(true, ['K'], [FP]), wrappingKeyFingerprint: FP },
      { index: 2, config: config(true, []), wrappingKeyFingerprint: FP },
      { index: 3, config: { error: 'token refused' }, wrappingKeyFingerprint: FP },
    ]);
    expect(p).toMatchObject({ ok: false, refusing: [2], unknown: [3] });
    expect(precheckSummary(p)).toBe('Node 2 refuses to export under its wrapping key; node 3 could not be asked. The nodes would fail the session; change their whitelist first.');
    expect(verdictText(p.nodes[1]!, 'aaaa')).toBe('Refuses: wrapping key aaaa… is not on this node’s export whitelist');
    expect(verdictText(p.nodes[2]!, 'aaaa')).toBe('Unknown: could not read its export config (token refused)');
  });

  it('uses the plural for several refusing nodes', () => {
    const p = precheck([1, 2].map((index) => ({ index, config: config(false, []), wrappingKeyFingerprint: FP })));
    expect(precheckSummary(p)).toBe('Nodes 1 and 2 refuse to export under their wrapping key. The nodes would fail the session; change their whitelist first.');
  });
});
