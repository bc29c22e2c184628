// The native file of every target and method, opened with node:crypto only (RSA-OAEP, then
// AES-KWP as `id-aes256-wrap-pad`, AES-GCM for IBM's nonce) back to the original key or its
// PKCS#8; the .byok fields and base64url as Azure specifies; the next command of each.
import { createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, type CipherGCMTypes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BYOK_ALGORITHMS, byokWrap, parseImportToken } from './byok.ts';
import type { ByokMaterial } from './byok-compat.ts';
import { gcpKeyAlgorithm, nativeArtifact, vaultKeyType } from './byok-native.ts';
import { nodeOaepDecrypt, nodeRsaAesUnwrap, rsaFixture, type RsaFixture } from './test-support/rsa.ts';

const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const b64 = (v: unknown) => new Uint8Array(Buffer.from(v as string, 'base64'));

let rsa2048: RsaFixture;
let rsa3072: RsaFixture;
let rsa4096: RsaFixture;
beforeAll(async () => {
  [rsa2048, rsa3072, rsa4096] = await Promise.all([rsaFixture(2048), rsaFixture(3072), rsaFixture(4096)]);
}, 60_000);

/** An EC private key from node:crypto, as PKCS#8 DER, with its SPKI to compare against. */
function ecKey(namedCurve: 'prime256v1' | 'secp256k1' | 'secp384r1') {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
  return { pkcs8: new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' })), spki: publicKey.export({ type: 'spki', format: 'der' }).toString('hex') };
}

/** The public key (SPKI hex) of a PKCS#8 that node:crypto reads from the unwrapped bytes. */
function spkiOf(pkcs8: Uint8Array): string {
  return createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' }).toString('hex');
}

const P256: ByokMaterial = { kind: 'ec', curve: 'P-256' };

describe('aws: the binary EncryptedKeyMaterial for fileb://', () => {
  it('each wrapping algorithm opens with node:crypto to the PKCS#8 of the key', async () => {
    for (const algorithm of BYOK_ALGORITHMS.aws) {
      const key = ecKey('secp256k1');
      const out = await byokWrap({ target: 'aws', algorithm, wrappingKey: rsa2048.spkiPem, material: key.pkcs8 });
      const a = nativeArtifact(out, { kind: 'ec', curve: 'secp256k1' }, { keyName: '1234abcd-12ab', region: 'eu-west-1' });
      expect(a.mediaType).toBe('application/octet-stream');
      const hash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
      const pkcs8 = algorithm.startsWith('RSAES_OAEP') ? nodeOaepDecrypt(rsa2048, a.bytes, hash) : nodeRsaAesUnwrap(rsa2048, a.bytes, hash);
      expect(spkiOf(pkcs8), algorithm).toBe(key.spki);
      expect(a.nextCommand).toBe(
        'aws kms import-key-material --key-id 1234abcd-12ab --encrypted-key-material fileb://EncryptedKeyMaterial.bin ' +
          '--import-token fileb://<ImportToken.bin> --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE --region eu-west-1',
      );
    }
  });

  it('an RSA private key under RSA_AES_KEY_WRAP_SHA_256 comes back as its PKCS#8', async () => {
    const out = await byokWrap({ target: 'aws', algorithm: 'RSA_AES_KEY_WRAP_SHA_256', wrappingKey: rsa4096.spkiPem, material: rsa2048.pkcs8Der });
    const a = nativeArtifact(out, { kind: 'rsa', bits: 2048 });
    expect(nodeRsaAesUnwrap(rsa4096, a.bytes, 'sha256')).toEqual(rsa2048.pkcs8Der);
    expect(a.nextCommand).toContain('--key-id <key-id>');
  });
});

describe('gcp: the binary wrapped key for --wrapped-key-file', () => {
  it('every import method, 3072 and 4096 bits', async () => {
    for (const algorithm of BYOK_ALGORITHMS.gcp) {
      const fx = algorithm.includes('4096') ? rsa4096 : rsa3072;
      const hash = algorithm.includes('sha1') ? 'sha1' : 'sha256';
      const plain = !algorithm.endsWith('-aes-256');
      // Plain OAEP carries a symmetric key; RSA-AES carries a PKCS#8.
      const key = ecKey('prime256v1');
      const material = plain ? random(32) : key.pkcs8;
      const kind: ByokMaterial = plain ? { kind: 'symmetric', bytes: 32 } : P256;
      const out = await byokWrap({ target: 'gcp', algorithm, wrappingKey: fx.spkiPem, material });
      const a = nativeArtifact(out, kind, { importJob: 'job-1', location: 'europe-west1', keyRing: 'ring', keyName: 'wallet' });
      const opened = plain ? nodeOaepDecrypt(fx, a.bytes, hash) : nodeRsaAesUnwrap(fx, a.bytes, hash);
      if (plain) expect(opened, algorithm).toEqual(material);
      else expect(spkiOf(opened), algorithm).toBe(key.spki);
      expect(a.nextCommand).toBe(
        `gcloud kms keys versions import --import-job job-1 --location europe-west1 --keyring ring --key wallet --algorithm ${plain ? 'google-symmetric-encryption' : 'ec-sign-p256-sha256'} --wrapped-key-file wrapped-key.bin`,
      );
    }
  });

  it('names the key algorithm of each material', () => {
    expect(gcpKeyAlgorithm({ kind: 'ec', curve: 'secp256k1' })).toBe('ec-sign-secp256k1-sha256');
    expect(gcpKeyAlgorithm({ kind: 'ec', curve: 'P-384' })).toBe('ec-sign-p384-sha384');
    expect(gcpKeyAlgorithm({ kind: 'ed25519', form: 'seed' })).toBe('ec-sign-ed25519');
    expect(gcpKeyAlgorithm({ kind: 'symmetric', bytes: 16 })).toBe('aes-128-gcm');
    expect(gcpKeyAlgorithm({ kind: 'hmac', bytes: 32 })).toBe('hmac-sha256');
    expect(gcpKeyAlgorithm({ kind: 'rsa', bits: 3072 })).toMatch(/^<.*rsa-sign-pss-3072-sha256>$/);
  });
});

describe('azure: the .byok document', () => {
  it('has Azure’s fields, base64url ciphertext, and opens (OAEP-SHA-1 + KWP) to the PKCS#8', async () => {
    const key = ecKey('secp256k1');
    const kid = 'https://v.vault.azure.net/keys/kek/0123456789abcdef';
    const out = await byokWrap({ target: 'azure', wrappingKey: rsa2048.spkiPem, material: key.pkcs8, kekId: kid });
    const a = nativeArtifact(out, { kind: 'ec', curve: 'secp256k1' }, { keyName: 'wallet', vaultName: 'my-vault' });
    expect(a.fileName).toBe('wallet.byok');
    expect(a.mediaType).toBe('application/json');
    const doc = JSON.parse(text(a.bytes));
    expect(Object.keys(doc).sort()).toEqual(['ciphertext', 'generator', 'header', 'schema_version']);
    expect(doc.schema_version).toBe('1.0.0');
    expect(doc.header).toEqual({ kid, alg: 'dir', enc: 'CKM_RSA_AES_KEY_WRAP' });
    expect(doc.ciphertext).toMatch(/^[A-Za-z0-9_-]+$/);
    const blob = new Uint8Array(Buffer.from(doc.ciphertext, 'base64url'));
    expect(spkiOf(nodeRsaAesUnwrap(rsa2048, blob, 'sha1'))).toBe(key.spki);
    expect(a.nextCommand).toBe('az keyvault key import --vault-name my-vault --name wallet --byok-file wallet.byok --kty EC-HSM --curve P-256K');
  });

  it('AES goes to a Managed HSM as oct-HSM; RSA as RSA-HSM', async () => {
    const out = await byokWrap({ target: 'azure', wrappingKey: rsa2048.spkiPem, material: random(32), kekId: 'https://h.managedhsm.azure.net/keys/kek/1' });
    expect(nativeArtifact(out, { kind: 'symmetric', bytes: 32 }).nextCommand).toBe('az keyvault key import --hsm-name <hsm-name> --name <key-name> --byok-file key.byok --kty oct-HSM');
    expect(nativeArtifact(out, { kind: 'rsa', bits: 2048 }, { fileName: 'out dir/k.byok' }).nextCommand).toContain("--byok-file 'out dir/k.byok' --kty RSA-HSM");
  });
});

describe('vault: the transit import request body', () => {
  it('ciphertext, hash_function and type; opens (OAEP-SHA-256 + KWP) to the key', async () => {
    const key = ecKey('secp384r1');
    const out = await byokWrap({ target: 'vault', wrappingKey: rsa4096.spkiPem, material: key.pkcs8 });
    const a = nativeArtifact(out, { kind: 'ec', curve: 'P-384' }, { keyName: 'wallet', vaultMount: 'transit-eu' });
    const body = JSON.parse(text(a.bytes));
    expect(Object.keys(body).sort()).toEqual(['ciphertext', 'hash_function', 'type']);
    expect(body).toMatchObject({ hash_function: 'SHA256', type: 'ecdsa-p384' });
    expect(spkiOf(nodeRsaAesUnwrap(rsa4096, b64(body.ciphertext), 'sha256'))).toBe(key.spki);
    expect(a.nextCommand).toBe('vault write transit-eu/keys/wallet/import @import-body.json');
    expect(nativeArtifact(out, P256).nextCommand).toBe("vault write 'transit/keys/<key-name>/import' @import-body.json");
  });

  it('names the transit type of each material', () => {
    expect(vaultKeyType({ kind: 'ed25519', form: 'seed' })).toBe('ed25519');
    expect(vaultKeyType({ kind: 'rsa', bits: 3072 })).toBe('rsa-3072');
    expect(vaultKeyType({ kind: 'symmetric', bytes: 32 })).toBe('aes256-gcm96');
    expect(vaultKeyType({ kind: 'symmetric', bytes: 16 })).toBe('aes128-gcm96');
    expect(vaultKeyType({ kind: 'hmac', bytes: 64 })).toBe('hmac');
    expect(() => vaultKeyType({ kind: 'ec', curve: 'secp256k1' })).toThrow(/no key type/);
  });
});

describe('ibm: the body of POST /api/v2/keys', () => {
  it('payload opens with OAEP-SHA-256 to the AES key; the nonce opens under AES-GCM keyed by it', async () => {
    for (const length of [16, 24, 32]) {
      const material = random(length);
      const nonce = random(12);
      const token = parseImportToken(JSON.stringify({ payload: Buffer.from(rsa2048.spkiPem).toString('base64'), nonce: Buffer.from(nonce).toString('base64') }));
      const out = await byokWrap({ target: 'ibm', material, importToken: token });
      const a = nativeArtifact(out, { kind: 'symmetric', bytes: length }, { keyName: 'root-1', region: 'us-south', ibmInstance: 'inst-9' });
      const body = JSON.parse(text(a.bytes));
      expect(body.metadata).toEqual({ collectionType: 'application/vnd.ibm.kms.key+json', collectionTotal: 1 });
      expect(body.resources).toHaveLength(1);
      const r = body.resources[0];
      expect(r).toMatchObject({ type: 'application/vnd.ibm.kms.key+json', name: 'root-1', extractable: false, encryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
      const opened = nodeOaepDecrypt(rsa2048, b64(r.payload), 'sha256');
      expect(opened).toEqual(material);
      const sealed = b64(r.encryptedNonce);
      const gcm = createDecipheriv(`aes-${length * 8}-gcm` as CipherGCMTypes, opened, b64(r.iv));
      gcm.setAuthTag(sealed.subarray(sealed.length - 16));
      expect(new Uint8Array(Buffer.concat([gcm.update(sealed.subarray(0, sealed.length - 16)), gcm.final()]))).toEqual(nonce);
      expect(a.nextCommand).toBe(
        "curl -X POST https://us-south.kms.cloud.ibm.com/api/v2/keys -H 'authorization: Bearer <IAM_token>' -H 'bluemix-instance: inst-9' -H 'content-type: application/vnd.ibm.kms.key+json' -d @key-body.json",
      );
    }
  });
});

describe('nativeArtifact refusals', () => {
  it('an envelope without the target’s field', () => {
    expect(() => nativeArtifact({ target: 'aws', algorithm: 'RSAES_OAEP_SHA_256', wrappingKeyFingerprint: '', payload: {} }, P256)).toThrow(/EncryptedKeyMaterial/);
  });
});
