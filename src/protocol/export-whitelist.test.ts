import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../crypto/bytes.ts';
import { fingerprint } from '../crypto/public-key.ts';
import { rsaFixture, type RsaFixture } from '../crypto/test-support/rsa.ts';
import { admits, isAdmitted, validateWhitelist, type ExportWhitelist } from './export-whitelist.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const listing = (enableExport: boolean, fingerprints: string[]): ExportWhitelist => ({
  enableExport,
  whitelist: fingerprints.map((f) => `K${f}`),
  entries: fingerprints.map((fingerprint) => ({ fingerprint })),
});
const wildcard = (enableExport: boolean): ExportWhitelist => ({ enableExport, whitelist: ['*'], entries: [{}] });

describe('admits', () => {
  it.each([
    ['listed, export on', listing(true, [A, B]), 'admits'],
    ['wildcard, export on', wildcard(true), 'admits-wildcard'],
    ['not listed, export on', listing(true, [B]), 'not-whitelisted'],
    ['empty list, export on', listing(true, []), 'not-whitelisted'],
    ['listed, export off', listing(false, [A]), 'listed-export-off'],
    ['wildcard, export off', wildcard(false), 'listed-export-off'],
    ['not listed, export off', listing(false, [B]), 'export-disabled'],
  ] as const)('%s → %s', (_, config, verdict) => expect(admits(config, A)).toBe(verdict));

  it('admits only with export on', () => {
    expect(['admits', 'admits-wildcard'].every((v) => isAdmitted(v as 'admits'))).toBe(true);
    expect(['export-disabled', 'listed-export-off', 'not-whitelisted'].some((v) => isAdmitted(v as 'admits'))).toBe(false);
  });
});

describe('validateWhitelist', () => {
  let rsa: RsaFixture;
  beforeAll(async () => {
    rsa = await rsaFixture(2048);
  });

  it('normalises PEM to base64 DER with the fingerprint, and reports duplicates and a wildcard that is not alone', () => {
    const { entries, errors } = validateWhitelist([rsa.spkiPem, toBase64(rsa.spkiDer), '*']);
    expect(entries[0]).toEqual({ key: toBase64(rsa.spkiDer), fingerprint: fingerprint(rsa.spkiDer), rsaBits: 2048 });
    expect(errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'duplicate'],
      [2, 'wildcard-not-alone'],
    ]);
  });

  it('the entries it returns are what admits needs', () => {
    const { entries } = validateWhitelist([rsa.spkiPem]);
    expect(admits({ enableExport: true, whitelist: [rsa.spkiPem], entries }, fingerprint(rsa.spkiDer))).toBe('admits');
  });
});
