import { describe, expect, it } from 'vitest';
import { bundleFileName, defaultFormat, formatOptions, privateKeyFileName } from './formats.ts';

const available = (curve: Parameters<typeof formatOptions>[0]) => formatOptions(curve).filter((o) => o.available).map((o) => o.format);

describe('formatOptions', () => {
  it('offers every format for secp256k1', () => expect(available('secp256k1')).toEqual(['pkcs8', 'sec1', 'jwk', 'hex', 'wif']));
  it('has no WIF for the NIST curves', () => {
    expect(available('P-256')).toEqual(['pkcs8', 'sec1', 'jwk', 'hex']);
    expect(available('P-384')).toEqual(['pkcs8', 'sec1', 'jwk', 'hex']);
    expect(formatOptions('P-384').find((o) => o.format === 'wif')!.why).toBe('WIF holds secp256k1 keys only; this key is P-384');
  });
  it('offers only hex for an Ed25519 scalar, saying why', () => {
    expect(available('Ed25519')).toEqual(['hex']);
    expect(defaultFormat('Ed25519')).toBe('hex');
    expect(formatOptions('Ed25519').find((o) => o.format === 'pkcs8')!.why).toMatch(/seed.*scalar/);
  });
  it('defaults to PKCS#8 elsewhere', () => expect(defaultFormat('secp256k1')).toBe('pkcs8'));
});

describe('file names', () => {
  it('name the key and the format', () => {
    expect(privateKeyFileName('k-1', 'pkcs8')).toBe('k-1.pkcs8.pem');
    expect(privateKeyFileName('k-1', 'jwk')).toBe('k-1.jwk.json');
    expect(bundleFileName('k-1', 'main', 'fail over')).toBe('k-1.main-to-fail-over.keyferry-bundle.json');
  });
});
