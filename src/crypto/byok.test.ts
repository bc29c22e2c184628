// BYOK payloads: for every target, node:crypto undoes what byokWrap produced with the
// scheme the target documents (OAEP SHA-256/SHA-1, or RSA-AES with KWP) and gets the key
// material back; IBM's encrypted nonce opens under AES-GCM keyed by the material.
import { createDecipheriv, createHash, generateKeyPairSync, type CipherGCMTypes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BYOK_ALGORITHMS, BYOK_TARGETS, byokWrap, parseImportToken, type ByokInput } from './byok.ts';
import { encodePkcs8 } from './private-key/pkcs8.ts';
import { parsePrivateKey } from './private-key/parse.ts';
import { parseWrappingKey } from './public-key.ts';
import { expectCryptoError, expectCryptoErrorAsync } from './test-support/expect-error.ts';
import { nodeOaepDecrypt, nodeRsaAesUnwrap, rsaFixture, type RsaFixture } from './test-support/rsa.ts';

const b64 = (v: unknown) => new Uint8Array(Buffer.from(v as string, 'base64'));
const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

let rsa2048: RsaFixture;
let rsa3072: RsaFixture;
let rsa1024: RsaFixture;
beforeAll(async () => {
  [rsa2048, rsa3072, rsa1024] = await Promise.all([rsaFixture(2048), rsaFixture(3072), rsaFixture(1024)]);
});

/** An EC private key as PKCS#8 DER: the material a KMS asymmetric import takes. */
function pkcs8Material(): Uint8Array {
  const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return encodePkcs8(parsePrivateKey(pem));
}

function ibmToken(fx: RsaFixture, nonce: Uint8Array): string {
  // Key Protect returns the PEM public key base64-encoded once more.
  return JSON.stringify({ creationDate: '2024-01-01T00:00:00Z', payload: Buffer.from(fx.spkiPem).toString('base64'), nonce: Buffer.from(nonce).toString('base64') });
}

describe('every target round-trips through node:crypto', () => {
  it('ibm: OAEP-SHA256(material), and the nonce under AES-GCM keyed by the material', async () => {
    for (const length of [16, 24, 32]) {
      const material = random(length);
      const nonce = random(12);
      const out = await byokWrap({ target: 'ibm', material, importToken: parseImportToken(ibmToken(rsa2048, nonce)) });
      expect(out.algorithm).toBe('RSAES_OAEP_SHA_256');
      expect(Object.keys(out.payload).sort()).toEqual(['encryptedNonce', 'encryptionAlgorithm', 'iv', 'payload']);
      expect(out.payload.encryptionAlgorithm).toBe('RSAES_OAEP_SHA_256');
      expect(nodeOaepDecrypt(rsa2048, b64(out.payload.payload), 'sha256')).toEqual(material);
      const iv = b64(out.payload.iv);
      expect(iv).toHaveLength(12);
      const sealed = b64(out.payload.encryptedNonce);
      const decipher = createDecipheriv(`aes-${length * 8}-gcm` as CipherGCMTypes, material, iv);
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      expect(new Uint8Array(Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]))).toEqual(nonce);
      expect(out.wrappingKeyFingerprint).toBe(createHash('sha256').update(rsa2048.spkiDer).digest('hex'));
    }
  });

  it('aws: all four wrapping algorithms', async () => {
    const cases = [
      ['RSAES_OAEP_SHA_256', 'oaep', 'sha256'],
      ['RSAES_OAEP_SHA_1', 'oaep', 'sha1'],
      ['RSA_AES_KEY_WRAP_SHA_256', 'rsa-aes', 'sha256'],
      ['RSA_AES_KEY_WRAP_SHA_1', 'rsa-aes', 'sha1'],
    ] as const;
    expect([...BYOK_ALGORITHMS.aws].sort()).toEqual(cases.map((c) => c[0]).sort());
    for (const [algorithm, scheme, md] of cases) {
      const material = scheme === 'oaep' ? random(32) : pkcs8Material();
      const out = await byokWrap({ target: 'aws', algorithm, material, wrappingKey: rsa2048.spkiDer });
      expect(out.payload.WrappingAlgorithm).toBe(algorithm);
      const blob = b64(out.payload.EncryptedKeyMaterial);
      expect(scheme === 'oaep' ? nodeOaepDecrypt(rsa2048, blob, md) : nodeRsaAesUnwrap(rsa2048, blob, md)).toEqual(material);
    }
    // The default is RSA-AES with SHA-256.
    const material = pkcs8Material();
    const dflt = await byokWrap({ target: 'aws', material, wrappingKey: rsa2048.spkiPem });
    expect(dflt.algorithm).toBe('RSA_AES_KEY_WRAP_SHA_256');
    expect(nodeRsaAesUnwrap(rsa2048, b64(dflt.payload.EncryptedKeyMaterial), 'sha256')).toEqual(material);
  });

  it('gcp: the 3072-bit import methods (RSA-AES SHA-1/SHA-256, plain OAEP)', async () => {
    const cases = [
      ['rsa-oaep-3072-sha256-aes-256', 'rsa-aes', 'sha256'],
      ['rsa-oaep-3072-sha1-aes-256', 'rsa-aes', 'sha1'],
      ['rsa-oaep-3072-sha256', 'oaep', 'sha256'],
    ] as const;
    for (const [algorithm, scheme, md] of cases) {
      const material = scheme === 'oaep' ? random(32) : pkcs8Material();
      const out = await byokWrap({ target: 'gcp', algorithm, material, wrappingKey: rsa3072.spkiPem });
      expect(out.payload.importMethod).toBe(algorithm);
      const blob = b64(out.payload.wrappedKey);
      expect(blob.length).toBeGreaterThanOrEqual(384);
      expect(scheme === 'oaep' ? nodeOaepDecrypt(rsa3072, blob, md) : nodeRsaAesUnwrap(rsa3072, blob, md)).toEqual(material);
    }
  });

  it('azure: .byok JSON, CKM_RSA_AES_KEY_WRAP with OAEP-SHA-1, base64url ciphertext', async () => {
    const material = pkcs8Material();
    const kid = 'https://myvault.vault.azure.net/keys/kek/0123456789abcdef';
    const out = await byokWrap({ target: 'azure', material, wrappingKey: rsa3072.spkiPem, kekId: `  ${kid} ` });
    expect(out.payload).toMatchObject({ schema_version: '1.0.0', header: { kid, alg: 'dir', enc: 'CKM_RSA_AES_KEY_WRAP' } });
    const ciphertext = out.payload.ciphertext as string;
    expect(ciphertext).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(nodeRsaAesUnwrap(rsa3072, new Uint8Array(Buffer.from(ciphertext, 'base64url')), 'sha1')).toEqual(material);
  });

  it('vault: base64(OAEP-SHA256(AES key) ‖ KWP(material)), hash_function SHA256', async () => {
    const material = pkcs8Material();
    const out = await byokWrap({ target: 'vault', material, wrappingKey: rsa2048.spkiPem });
    expect(out.payload.hash_function).toBe('SHA256');
    expect(nodeRsaAesUnwrap(rsa2048, b64(out.payload.ciphertext), 'sha256')).toEqual(material);
  });

  it('the caller’s material is not modified', async () => {
    const material = random(32);
    const copy = material.slice();
    await byokWrap({ target: 'vault', material, wrappingKey: rsa2048.spkiPem });
    expect(material).toEqual(copy);
  });
});

describe('byokWrap refusals', () => {
  const base = (): ByokInput => ({ target: 'aws', material: random(32), wrappingKey: rsa2048.spkiPem });

  it('an algorithm that is not the target’s', async () => {
    const wrong: [ByokInput['target'], string][] = [
      ['aws', 'rsa-oaep-3072-sha256'],
      ['gcp', 'RSAES_OAEP_SHA_256'],
      ['azure', 'RSA_AES_KEY_WRAP_SHA_1'],
      ['ibm', 'RSAES_OAEP_SHA_1'],
      ['vault', 'RSA_AES_KEY_WRAP_SHA_1'],
      ['aws', 'toString'],
      ['gcp', 'constructor'],
      ['aws', '__proto__'],
    ];
    for (const [target, algorithm] of wrong) {
      await expectCryptoErrorAsync(() => byokWrap({ ...base(), target, algorithm, kekId: 'k' }), 'unsupported-algorithm', { field: 'algorithm', message: new RegExp(`for ${target} must be one of`) });
    }
  });

  it('gcp: a key whose size is not the import method’s', async () => {
    await expectCryptoErrorAsync(() => byokWrap({ ...base(), target: 'gcp', algorithm: 'rsa-oaep-3072-sha256-aes-256', wrappingKey: rsa2048.spkiPem }), 'invalid-argument', {
      field: 'wrappingKey',
      message: /needs a 3072-bit import-job key, got 2048 bits/,
    });
    await expectCryptoErrorAsync(() => byokWrap({ ...base(), target: 'gcp', algorithm: 'rsa-oaep-4096-sha1-aes-256', wrappingKey: rsa3072.spkiPem }), 'invalid-argument', { field: 'wrappingKey' });
  });

  it('ibm: material that is not an AES key length, and a missing import token', async () => {
    const importToken = parseImportToken(ibmToken(rsa2048, random(12)));
    for (const length of [0, 8, 20, 33, 64]) {
      await expectCryptoErrorAsync(() => byokWrap({ target: 'ibm', material: random(length), importToken }), 'invalid-argument', { field: 'material', message: /16, 24 or 32 bytes/ });
    }
    await expectCryptoErrorAsync(() => byokWrap({ target: 'ibm', material: random(32), wrappingKey: rsa2048.spkiPem }), 'invalid-argument', { field: 'importToken' });
  });

  it('azure: a missing or blank kekId', async () => {
    await expectCryptoErrorAsync(() => byokWrap({ ...base(), target: 'azure' }), 'invalid-argument', { field: 'kekId', message: /Key Vault key ID/ });
    await expectCryptoErrorAsync(() => byokWrap({ ...base(), target: 'azure', kekId: '   ' }), 'invalid-argument', { field: 'kekId' });
  });

  it('unknown target, missing or weak wrapping key, material too large for plain OAEP', async () => {
    await expectCryptoErrorAsync(() => byokWrap({ ...base(), target: 'oracle' as never }), 'invalid-argument', { field: 'target' });
    await expectCryptoErrorAsync(() => byokWrap({ target: 'vault', material: random(32) }), 'invalid-argument', { field: 'wrappingKey' });
    await expectCryptoErrorAsync(() => byokWrap({ ...base(), wrappingKey: rsa1024.spkiPem }), 'weak-key', { field: 'wrappingKey' });
    await expectCryptoErrorAsync(() => byokWrap({ ...base(), algorithm: 'RSAES_OAEP_SHA_256', material: random(191) }), 'invalid-argument', { message: /exceeds what RSA-OAEP-SHA-256 can carry/ });
  });
});

describe('parseImportToken', () => {
  const nonce = random(12);

  it('reads base64(PEM), plain PEM and base64 DER payloads and the nonce', () => {
    for (const payload of [Buffer.from(rsa2048.spkiPem).toString('base64'), rsa2048.spkiPem, Buffer.from(rsa2048.spkiDer).toString('base64')]) {
      const token = parseImportToken(JSON.stringify({ payload, nonce: Buffer.from(nonce).toString('base64') }));
      expect(token.wrappingKey.der).toEqual(rsa2048.spkiDer);
      expect(token.nonce).toEqual(nonce);
    }
  });

  it('keeps the real reason a payload key is refused (weak key), whatever its encoding', () => {
    for (const payload of [Buffer.from(rsa1024.spkiPem).toString('base64'), rsa1024.spkiPem]) {
      expectCryptoError(() => parseImportToken(JSON.stringify({ payload, nonce: 'AAAA' })), 'weak-key', { field: 'importToken.payload' });
    }
  });

  it('refuses non-JSON, missing members, a bad nonce and a payload that is not a key', () => {
    expectCryptoError(() => parseImportToken('payload=x'), 'invalid-encoding', { field: 'importToken', message: /import_token/ });
    expectCryptoError(() => parseImportToken('null'), 'invalid-encoding', { field: 'importToken' });
    expectCryptoError(() => parseImportToken(JSON.stringify({ payload: rsa2048.spkiPem })), 'invalid-encoding', { message: /nonce/ });
    expectCryptoError(() => parseImportToken(JSON.stringify({ payload: rsa2048.spkiPem, nonce: '***' })), 'invalid-encoding', { field: 'importToken.nonce' });
    expectCryptoError(() => parseImportToken(JSON.stringify({ payload: 'AAAA', nonce: 'AAAA' })), 'unsupported-format', { field: 'importToken.payload' });
  });

  it('BYOK_TARGETS lists the five targets, each with algorithms', () => {
    expect([...BYOK_TARGETS]).toEqual(['ibm', 'aws', 'gcp', 'azure', 'vault']);
    for (const t of BYOK_TARGETS) expect(BYOK_ALGORITHMS[t].length).toBeGreaterThan(0);
    expect(parseWrappingKey(rsa3072.spkiDer).bits).toBe(3072);
  });
});
