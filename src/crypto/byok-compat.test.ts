// The compatibility check: what each KMS imports is accepted, and each refusal is one
// sentence that names why and the fix; the IBM import token's expiry and retrieval counts.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BYOK_ALGORITHMS, BYOK_TARGETS, byokWrap, importTokenProblem, parseImportToken, type ByokTarget } from './byok.ts';
import { assertByokCompatible, byokProblem, materialOfPrivateKey, type ByokMaterial } from './byok-compat.ts';
import { parsePrivateKey } from './private-key/parse.ts';
import { expectCryptoError, expectCryptoErrorAsync } from './test-support/expect-error.ts';

const DEFAULT: Record<ByokTarget, string> = {
  aws: 'RSA_AES_KEY_WRAP_SHA_256',
  gcp: 'rsa-oaep-3072-sha256-aes-256',
  azure: 'CKM_RSA_AES_KEY_WRAP',
  vault: 'RSA_AES_KEY_WRAP_SHA_256',
  ibm: 'RSAES_OAEP_SHA_256',
};
const ok = (target: ByokTarget, m: ByokMaterial, algorithm = DEFAULT[target]) => expect(byokProblem(target, algorithm, m), `${target} ${JSON.stringify(m)}`).toBeUndefined();
const refused = (target: ByokTarget, m: ByokMaterial, pattern: RegExp, algorithm = DEFAULT[target]) => {
  const sentence = byokProblem(target, algorithm, m);
  expect(sentence, `${target} ${JSON.stringify(m)}`).toMatch(pattern);
  expect(sentence!.trim().split(/(?<=[.;])\s+(?=[A-Z])/)).toHaveLength(1);
};

describe('byokProblem accepts what each KMS imports', () => {
  it('EC curves', () => {
    for (const curve of ['secp256k1', 'P-256', 'P-384'] as const) for (const t of ['aws', 'gcp', 'azure'] as const) ok(t, { kind: 'ec', curve });
    ok('vault', { kind: 'ec', curve: 'P-256' });
    ok('vault', { kind: 'ec', curve: 'P-384' });
  });
  it('Ed25519 seeds where the KMS has Ed25519', () => {
    ok('gcp', { kind: 'ed25519', form: 'seed' });
    ok('vault', { kind: 'ed25519', form: 'seed' });
  });
  it('RSA under the AES-wrapping methods', () => {
    for (const bits of [2048, 3072, 4096]) {
      for (const t of ['aws', 'gcp', 'azure', 'vault'] as const) ok(t, { kind: 'rsa', bits });
      ok('aws', { kind: 'rsa', bits }, 'RSA_AES_KEY_WRAP_SHA_1');
    }
  });
  it('symmetric and HMAC lengths', () => {
    for (const bytes of [16, 24, 32]) ok('ibm', { kind: 'symmetric', bytes });
    for (const bytes of [16, 24, 32]) ok('azure', { kind: 'symmetric', bytes });
    ok('aws', { kind: 'symmetric', bytes: 32 }, 'RSAES_OAEP_SHA_256');
    for (const bytes of [16, 32]) ok('gcp', { kind: 'symmetric', bytes }, 'rsa-oaep-3072-sha256');
    for (const bytes of [16, 32]) ok('vault', { kind: 'symmetric', bytes });
    for (const bytes of [28, 64, 128]) ok('aws', { kind: 'hmac', bytes }, 'RSAES_OAEP_SHA_1');
    for (const bytes of [20, 28, 32, 48, 64]) ok('gcp', { kind: 'hmac', bytes });
    for (const bytes of [32, 512]) ok('vault', { kind: 'hmac', bytes });
  });
});

describe('byokProblem refuses with a sentence naming the fix', () => {
  it('Vault/OpenBao take no secp256k1', () => refused('vault', { kind: 'ec', curve: 'secp256k1' }, /no secp256k1 .*choose AWS KMS, Google Cloud KMS or Azure/));

  it('a site’s Ed25519 key is only a scalar: refused for every target', () => {
    for (const t of BYOK_TARGETS) refused(t, { kind: 'ed25519', form: 'scalar' }, /only as a scalar.*RFC 8410 PKCS#8 seed.*import the original seed/);
  });

  it('AWS RSAES_OAEP_* (and GCP plain OAEP) cannot carry an RSA private key', () => {
    refused('aws', { kind: 'rsa', bits: 2048 }, /too long for one RSAES_OAEP_SHA_256 block; use RSA_AES_KEY_WRAP_SHA_256/, 'RSAES_OAEP_SHA_256');
    refused('aws', { kind: 'rsa', bits: 4096 }, /use RSA_AES_KEY_WRAP_SHA_256/, 'RSAES_OAEP_SHA_1');
    refused('gcp', { kind: 'rsa', bits: 2048 }, /use rsa-oaep-4096-sha256-aes-256/, 'rsa-oaep-4096-sha256');
  });

  it('IBM only 16/24/32-byte symmetric keys', () => {
    refused('ibm', { kind: 'symmetric', bytes: 64 }, /only AES keys of 16, 24 or 32 bytes/);
    refused('ibm', { kind: 'ec', curve: 'P-256' }, /only AES keys .*not a P-256 key/);
    refused('ibm', { kind: 'hmac', bytes: 32 }, /only AES keys/);
  });

  it('each target’s key types and sizes', () => {
    refused('aws', { kind: 'symmetric', bytes: 16 }, /exactly 32 bytes, not 16/);
    refused('aws', { kind: 'hmac', bytes: 16 }, /28 to 128 bytes/);
    refused('aws', { kind: 'symmetric', bytes: 32 }, /RSA_AES_KEY_WRAP_SHA_256 only for RSA and ECC private keys; wrap a 32-byte AES key with RSAES_OAEP_SHA_256/);
    refused('aws', { kind: 'hmac', bytes: 32 }, /only for RSA and ECC private keys/, 'RSA_AES_KEY_WRAP_SHA_1');
    refused('aws', { kind: 'ed25519', form: 'seed' }, /does not import Ed25519/);
    refused('azure', { kind: 'ed25519', form: 'seed' }, /does not import Ed25519/);
    refused('azure', { kind: 'hmac', bytes: 32 }, /does not import HMAC/);
    refused('azure', { kind: 'rsa', bits: 1024 }, /2048, 3072 or 4096 bits, not 1024/);
    refused('gcp', { kind: 'symmetric', bytes: 24 }, /16 \(aes-128-\*\) or 32 bytes/);
    refused('gcp', { kind: 'hmac', bytes: 33 }, /20, 28, 32, 48 or 64 bytes/);
    refused('vault', { kind: 'symmetric', bytes: 24 }, /aes128-gcm96.*aes256-gcm96/);
    refused('vault', { kind: 'hmac', bytes: 16 }, /32 to 512 bytes/);
  });

  it('a method the target does not have', () => {
    expect(byokProblem('azure', 'RSAES_OAEP_SHA_256', { kind: 'ec', curve: 'P-256' })).toMatch(/no wrapping method "RSAES_OAEP_SHA_256"; choose one of CKM_RSA_AES_KEY_WRAP/);
  });

  it('assertByokCompatible throws the same sentence', () => {
    expectCryptoError(() => assertByokCompatible('vault', 'RSA_AES_KEY_WRAP_SHA_256', { kind: 'ec', curve: 'secp256k1' }), 'unsupported-algorithm', { field: 'material', message: /no secp256k1/ });
  });
});

describe('materialOfPrivateKey', () => {
  it('EC curve, and whether an Ed25519 key holds its seed', () => {
    const pem = (k: ReturnType<typeof generateKeyPairSync>['privateKey']) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(materialOfPrivateKey(parsePrivateKey(pem(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey)))).toEqual({ kind: 'ec', curve: 'secp256k1' });
    expect(materialOfPrivateKey(parsePrivateKey(pem(generateKeyPairSync('ed25519').privateKey)))).toEqual({ kind: 'ed25519', form: 'seed' });
    expect(materialOfPrivateKey(parsePrivateKey('01'.repeat(32), { curve: 'Ed25519', ed25519Hex: 'scalar' }))).toEqual({ kind: 'ed25519', form: 'scalar' });
  });
});

describe('IBM import token: expiry and retrievals', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const payload = Buffer.from(publicKey.export({ type: 'spki', format: 'pem' }).toString()).toString('base64');
  const tokenJson = (extra: object) => JSON.stringify({ payload, nonce: Buffer.from('n0nce').toString('base64'), ...extra });

  it('reads expirationDate, remainingRetrievals and maxAllowedRetrievals', () => {
    const t = parseImportToken(tokenJson({ creationDate: '2026-01-01T10:00:00Z', expirationDate: '2026-01-01T10:10:00Z', maxAllowedRetrievals: 3, remainingRetrievals: 2 }));
    expect(t.expiresAt?.toISOString()).toBe('2026-01-01T10:10:00.000Z');
    expect(t.remainingRetrievals).toBe(2);
    expect(t.maxAllowedRetrievals).toBe(3);
    expect(parseImportToken(tokenJson({})).expiresAt).toBeUndefined();
  });

  it('refuses a bad date or count', () => {
    expectCryptoError(() => parseImportToken(tokenJson({ expirationDate: 'soon' })), 'invalid-encoding', { message: /expirationDate: expected an RFC 3339 date/ });
    expectCryptoError(() => parseImportToken(tokenJson({ remainingRetrievals: -1 })), 'invalid-encoding', { message: /remainingRetrievals: expected a whole number/ });
  });

  it('importTokenProblem: an expired token, but not a live one', () => {
    const t = parseImportToken(tokenJson({ expirationDate: '2026-01-01T10:10:00Z', remainingRetrievals: 0 }));
    expect(importTokenProblem(t, new Date('2026-01-01T10:09:59Z'))).toBeUndefined();
    expect(importTokenProblem(t, new Date('2026-01-01T10:10:00Z'))).toMatch(/expired at 2026-01-01T10:10:00.000Z; create a new one \(POST \/api\/v2\/import_token\)/);
  });

  it('byokWrap refuses an expired token before wrapping', async () => {
    const importToken = parseImportToken(tokenJson({ expirationDate: '2020-01-01T00:00:00Z' }));
    await expectCryptoErrorAsync(() => byokWrap({ target: 'ibm', material: new Uint8Array(32), importToken }), 'invalid-argument', { field: 'importToken', message: /expired/ });
  });

  it('every target lists its methods', () => {
    for (const t of BYOK_TARGETS) expect(BYOK_ALGORITHMS[t]).toContain(DEFAULT[t]);
  });
});
