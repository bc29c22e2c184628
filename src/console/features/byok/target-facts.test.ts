import { describe, expect, it } from 'vitest';
import { siteKeyProblem, BYOK_TARGETS, CONTEXT_FIELDS, DEFAULT_METHOD, BYOK_ALGORITHMS, filledContext, freshKeyChoices, wrappingKeyWarnings } from './target-facts.ts';
import { materialWords, refusal } from './byok-words.ts';

describe('target facts', () => {
  it('every target starts on one of its own methods and asks only for context fields', () => {
    for (const t of BYOK_TARGETS) {
      expect(BYOK_ALGORITHMS[t]).toContain(DEFAULT_METHOD[t]);
      expect(CONTEXT_FIELDS[t].length).toBeGreaterThan(0);
    }
  });

  it('offers HMAC keys only where the target takes them (AWS), AES everywhere', () => {
    expect(freshKeyChoices('aws').some((c) => c.kind === 'hmac')).toBe(true);
    for (const t of ['ibm', 'gcp', 'azure', 'vault'] as const) expect(freshKeyChoices(t).map((c) => c.value)).toEqual(['aes-128', 'aes-192', 'aes-256']);
  });

  it('warns of a GCP key size the method does not match, of OAEP-only AWS methods and of SHA-1', () => {
    expect(wrappingKeyWarnings('gcp', 'rsa-oaep-4096-sha256-aes-256', 3072)[0]).toMatch(/4096-bit.*3072 bits/);
    expect(wrappingKeyWarnings('gcp', 'rsa-oaep-3072-sha256-aes-256', 3072)).toEqual([]);
    expect(wrappingKeyWarnings('aws', 'RSAES_OAEP_SHA_256', 4096).join(' ')).toMatch(/RSA_AES_KEY_WRAP/);
    expect(wrappingKeyWarnings('aws', 'RSA_AES_KEY_WRAP_SHA_1', 4096).join(' ')).toMatch(/SHA-1/);
    expect(wrappingKeyWarnings('vault', 'RSA_AES_KEY_WRAP_SHA_256', 2048).join(' ')).toMatch(/2048-bit/);
    expect(wrappingKeyWarnings('ibm', 'RSAES_OAEP_SHA_256', 2048).join(' ')).toMatch(/4096-bit/);
  });

  it('judges a site key by its curve before any export: Ed25519 (a scalar) nowhere, secp256k1 not to Vault', () => {
    expect(siteKeyProblem('vault', 'RSA_AES_KEY_WRAP_SHA_256', 'Ed25519')).toMatch(/exists only as a scalar/);
    expect(siteKeyProblem('vault', 'RSA_AES_KEY_WRAP_SHA_256', 'secp256k1')).toMatch(/secp256k1/);
    expect(siteKeyProblem('gcp', 'rsa-oaep-3072-sha256-aes-256', 'P-256')).toBeUndefined();
  });

  it('leaves blank context fields out, trimmed', () => {
    expect(filledContext({ keyName: ' k ', importJob: '', location: '  ' })).toEqual({ keyName: 'k' });
  });

  it('words', () => {
    expect(materialWords({ kind: 'symmetric', bytes: 32 })).toBe('An AES-256 key');
    expect(materialWords({ kind: 'ec', curve: 'P-256' })).toBe('A P-256 private key (PKCS#8)');
    expect(refusal('vault takes no secp256k1 key')).toBe('Refused: nothing was wrapped. Vault takes no secp256k1 key.');
  });
});
