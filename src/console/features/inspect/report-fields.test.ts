import { describe, expect, it } from 'vitest';
import type { KeyReport } from '../../../crypto/inspect.ts';
import { formatLabel, reportFields, reportSummary } from './report-fields.ts';

const FINGERPRINT = 'ab'.repeat(32);

const rsaPublic: KeyReport = {
  kind: 'public-key',
  algorithm: 'RSA',
  rsaBits: 3072,
  rsaExponent: 65537,
  format: 'spki-pem',
  fingerprint: FINGERPRINT,
  spki: 'MIIBojANBgkqhkiG9w0BAQEFAAOCAY8AMIIBigKCAYEA',
  notes: [],
};

const wifPrivate: KeyReport = {
  kind: 'private-key',
  algorithm: 'EC',
  curve: 'secp256k1',
  format: 'wif',
  fingerprint: FINGERPRINT,
  spki: 'MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAE',
  chainCode: false,
  network: 'testnet',
  notes: ['compressed'],
};

const byId = (fields: ReturnType<typeof reportFields>) => new Map(fields.map((f) => [f.id, f]));

describe('reportFields', () => {
  it('shows RSA size and exponent, and no curve', () => {
    const fields = byId(reportFields(rsaPublic));
    expect(fields.get('rsa-bits')).toMatchObject({ label: 'Modulus', display: '3072 bits', copy: '3072' });
    expect(fields.get('rsa-exponent')).toMatchObject({ display: '65537', detail: '0x10001' });
    expect(fields.has('curve')).toBe(false);
    expect(fields.has('network')).toBe(false);
    expect(fields.has('chain-code')).toBe(false);
  });

  it('shows curve, network and chain code for an EC private key, and no RSA rows', () => {
    const fields = byId(reportFields(wifPrivate));
    expect(fields.get('kind')).toMatchObject({ display: 'Private key', copy: 'private-key' });
    expect(fields.get('curve')).toMatchObject({ display: 'secp256k1' });
    expect(fields.get('network')).toMatchObject({ display: 'Testnet', copy: 'testnet' });
    expect(fields.get('chain-code')).toMatchObject({ display: 'None' });
    expect(fields.has('rsa-bits')).toBe(false);
  });

  it('copies raw values: fingerprint and SPKI exactly as reported, in monospace', () => {
    const fields = byId(reportFields(rsaPublic));
    expect(fields.get('fingerprint')).toMatchObject({ display: FINGERPRINT, copy: FINGERPRINT, monospace: true });
    expect(fields.get('spki')).toMatchObject({ copy: rsaPublic.spki, monospace: true, long: true });
  });

  it('always lists kind, algorithm, format, fingerprint and SPKI in reading order', () => {
    const ids = reportFields(rsaPublic).map((f) => f.id);
    expect(ids).toEqual(['kind', 'algorithm', 'rsa-bits', 'rsa-exponent', 'format', 'fingerprint', 'spki']);
  });

  it('names known formats in words and keeps the code as detail; unknown codes pass through', () => {
    expect(formatLabel('pkcs8-pem')).toBe('PKCS #8 private key, PEM');
    expect(byId(reportFields(rsaPublic)).get('format')).toMatchObject({ detail: 'spki-pem', copy: 'spki-pem' });
    const odd = byId(reportFields({ ...rsaPublic, format: 'something-new' })).get('format');
    expect(odd).toMatchObject({ display: 'something-new', copy: 'something-new' });
    expect(odd?.detail).toBeUndefined();
  });
});

describe('reportSummary', () => {
  it('says kind, algorithm and size or curve', () => {
    expect(reportSummary(rsaPublic)).toBe('Public key · RSA 3072-bit');
    expect(reportSummary(wifPrivate)).toBe('Private key · EC secp256k1');
    expect(reportSummary({ ...wifPrivate, algorithm: 'Ed25519', curve: 'Ed25519' })).toBe('Private key · Ed25519');
  });
});
