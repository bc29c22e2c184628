// keyferry byok as an operator runs it (real processes): the native file of every target,
// opened with OpenSSL or node:crypto back to the key; the compatibility refusals and an
// expired IBM token, refused before any file is written; and --from-site end to end
// against a real cluster — a site's secp256k1 key for Google Cloud KMS and its P-256 key
// for Vault, exported to a whitelisted RSA key pair, unwrapped here independently, with
// the site's public key.
import { execFileSync } from 'node:child_process';
import { constants, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../node/test-support/cluster-fixture.ts';
import { runKeyferry } from './test-support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'keyferry-byok-cli-'));
const f = (name: string) => join(dir, name);
let home = dir;
const keyferry = (args: string[]) => runKeyferry(args, home);

interface Kms {
  pub: string;
  pem: string;
  bits: number;
}
const kms: Record<string, Kms> = {};
function rsa(name: string, bits: number): Kms {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  writeFileSync(f(`${name}.pub`), publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(f(`${name}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return { pub: f(`${name}.pub`), pem: f(`${name}.pem`), bits };
}

/** RSA-OAEP of the first modulus bytes, then AES-KWP (RFC 5649) of the rest, with node:crypto. */
function rsaAesUnwrap(k: Kms, blob: Buffer, oaepHash: 'sha1' | 'sha256'): Buffer {
  const n = k.bits / 8;
  const aesKey = privateDecrypt({ key: readFileSync(k.pem), oaepHash, padding: constants.RSA_PKCS1_OAEP_PADDING }, blob.subarray(0, n));
  const d = createDecipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('A65959A6', 'hex'));
  return Buffer.concat([d.update(blob.subarray(n)), d.final()]);
}

const spkiOfPkcs8 = (pkcs8: Buffer) => createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' }).toString('base64');
const spkiOfPem = (file: string) => createPublicKey(readFileSync(file)).export({ type: 'spki', format: 'der' }).toString('base64');

beforeAll(() => {
  kms.aws = rsa('aws', 2048);
  kms.gcp = rsa('gcp', 3072);
  kms.vault = rsa('vault', 4096);
  for (const curve of ['secp256k1', 'prime256v1'] as const) {
    writeFileSync(f(`${curve}.pem`), generateKeyPairSync('ec', { namedCurve: curve }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }
  writeFileSync(f('aes.hex'), `${'5a'.repeat(32)}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('byok --out writes the native file', { timeout: 60_000 }, () => {
  it('aws: the binary EncryptedKeyMaterial opens with OpenSSL (pkeyutl OAEP + enc -id-aes256-wrap-pad) to the PKCS#8', async () => {
    const r = await keyferry(['byok', '--target', 'aws', '--wrapping-key', kms.aws!.pub, '--key', f('secp256k1.pem'), '--out', f('aws.bin'), '--key-name', 'abcd-1234']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`aws kms import-key-material --key-id abcd-1234 --encrypted-key-material fileb://${f('aws.bin')} --import-token fileb://`);
    const blob = readFileSync(f('aws.bin'));
    writeFileSync(f('aws.oaep'), blob.subarray(0, 256));
    writeFileSync(f('aws.kwp'), blob.subarray(256));
    const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const aesKey = openssl(['pkeyutl', '-decrypt', '-inkey', kms.aws!.pem, '-in', f('aws.oaep'), '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256']);
    const pkcs8 = openssl(['enc', '-d', '-id-aes256-wrap-pad', '-K', aesKey.toString('hex'), '-iv', 'A65959A6', '-in', f('aws.kwp')]);
    expect(spkiOfPkcs8(pkcs8)).toBe(spkiOfPem(f('secp256k1.pem')));
  });

  it('gcp: the binary wrapped key, and the gcloud line with the key’s algorithm', async () => {
    const r = await keyferry(['byok', '--target', 'gcp', '--wrapping-key', kms.gcp!.pub, '--key', f('secp256k1.pem'), '--out', f('gcp.bin'), '--import-job', 'job1', '--location', 'global', '--keyring', 'ring', '--key-name', 'wallet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`gcloud kms keys versions import --import-job job1 --location global --keyring ring --key wallet --algorithm ec-sign-secp256k1-sha256 --wrapped-key-file ${f('gcp.bin')}`);
    expect(spkiOfPkcs8(rsaAesUnwrap(kms.gcp!, readFileSync(f('gcp.bin')), 'sha256'))).toBe(spkiOfPem(f('secp256k1.pem')));
  });

  it('azure: the .byok file itself (base64url ciphertext, OAEP-SHA-1 + KWP), and az keyvault key import', async () => {
    const kid = 'https://v.vault.azure.net/keys/kek/1';
    const r = await keyferry(['byok', '--target', 'azure', '--kek-id', kid, '--wrapping-key', kms.aws!.pub, '--key', f('secp256k1.pem'), '--out', f('wallet.byok'), '--vault-name', 'v', '--key-name', 'wallet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`az keyvault key import --vault-name v --name wallet --byok-file ${f('wallet.byok')} --kty EC-HSM --curve P-256K`);
    const doc = JSON.parse(readFileSync(f('wallet.byok'), 'utf8'));
    expect(doc).toMatchObject({ schema_version: '1.0.0', header: { kid, alg: 'dir', enc: 'CKM_RSA_AES_KEY_WRAP' }, generator: 'keyferry' });
    expect(doc.ciphertext).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(spkiOfPkcs8(rsaAesUnwrap(kms.aws!, Buffer.from(doc.ciphertext, 'base64url'), 'sha1'))).toBe(spkiOfPem(f('secp256k1.pem')));
  });

  it('vault: the request body with its type, to stdout; vault write line on stderr', async () => {
    const r = await keyferry(['byok', '--target', 'vault', '--wrapping-key', kms.vault!.pub, '--key', f('prime256v1.pem'), '--key-name', 'w1']);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ hash_function: 'SHA256', type: 'ecdsa-p256' });
    expect(r.stderr).toContain('vault write transit/keys/w1/import @import-body.json');
    expect(spkiOfPkcs8(rsaAesUnwrap(kms.vault!, Buffer.from(body.ciphertext, 'base64'), 'sha256'))).toBe(spkiOfPem(f('prime256v1.pem')));
  });

  it('ibm: the POST /api/v2/keys body; the nonce opens under AES-GCM keyed by the material', async () => {
    const token = { expirationDate: new Date(Date.now() + 600_000).toISOString(), remainingRetrievals: 0, payload: Buffer.from(readFileSync(kms.aws!.pub, 'utf8')).toString('base64'), nonce: Buffer.from('kp-nonce').toString('base64') };
    writeFileSync(f('token.json'), JSON.stringify(token));
    const r = await keyferry(['byok', '--target', 'ibm', '--import-token', f('token.json'), '--key', f('aes.hex'), '--out', f('ibm.json'), '--region', 'eu-de']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('curl -X POST https://eu-de.kms.cloud.ibm.com/api/v2/keys');
    const res = JSON.parse(readFileSync(f('ibm.json'), 'utf8')).resources[0];
    const material = privateDecrypt({ key: readFileSync(kms.aws!.pem), oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from(res.payload, 'base64'));
    expect(material.toString('hex')).toBe('5a'.repeat(32));
    const sealed = Buffer.from(res.encryptedNonce, 'base64');
    const gcm = createDecipheriv('aes-256-gcm', material, Buffer.from(res.iv, 'base64'));
    gcm.setAuthTag(sealed.subarray(sealed.length - 16));
    expect(Buffer.concat([gcm.update(sealed.subarray(0, sealed.length - 16)), gcm.final()]).toString()).toBe('kp-nonce');
  });

  it('an RSA private key (PKCS#1 PEM) goes to AWS as its PKCS#8, under RSA_AES_KEY_WRAP_SHA_1; RSAES_OAEP is refused', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(f('rsa-key.pem'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
    const r = await keyferry(['byok', '--target', 'aws', '--algorithm', 'RSA_AES_KEY_WRAP_SHA_1', '--wrapping-key', kms.vault!.pub, '--key', f('rsa-key.pem'), '--out', f('aws-rsa.bin')]);
    expect(r.code, r.stderr).toBe(0);
    expect(rsaAesUnwrap(kms.vault!, readFileSync(f('aws-rsa.bin')), 'sha1').equals(privateKey.export({ type: 'pkcs8', format: 'der' }))).toBe(true);
    const oaep = await keyferry(['byok', '--target', 'aws', '--algorithm', 'RSAES_OAEP_SHA_256', '--wrapping-key', kms.vault!.pub, '--key', f('rsa-key.pem')]);
    expect(oaep.code).toBe(1);
    expect(oaep.stderr).toMatch(/too long for one RSAES_OAEP_SHA_256 block; use RSA_AES_KEY_WRAP_SHA_256/);
  });

  it('--hmac: a 64-byte HMAC key for AWS, under RSAES_OAEP_SHA_256 (AWS wraps no HMAC key with RSA_AES), unwrapped to the same bytes', async () => {
    writeFileSync(f('hmac.hex'), 'ab'.repeat(64));
    const r = await keyferry(['byok', '--target', 'aws', '--hmac', '--wrapping-key', kms.aws!.pub, '--key', f('hmac.hex'), '--out', f('hmac.bin')]);
    expect(r.code, r.stderr).toBe(0);
    expect(privateDecrypt({ key: readFileSync(kms.aws!.pem), oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING }, readFileSync(f('hmac.bin'))).toString('hex')).toBe('ab'.repeat(64));
  });

  it('--json prints the envelope', async () => {
    const r = await keyferry(['byok', '--target', 'gcp', '--wrapping-key', kms.gcp!.pub, '--key', f('prime256v1.pem'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout)).sort()).toEqual(['algorithm', 'payload', 'target', 'wrappingKeyFingerprint']);
  });
});

describe('byok refusals, before any work', { timeout: 60_000 }, () => {
  it('Vault takes no secp256k1: one sentence, exit 1, no file', async () => {
    const r = await keyferry(['byok', '--target', 'vault', '--wrapping-key', kms.vault!.pub, '--key', f('secp256k1.pem'), '--out', f('never.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no secp256k1 key type .*choose AWS KMS, Google Cloud KMS or Azure/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(f('never.json'))).toBe(false);
  });

  it('an expired IBM import token', async () => {
    writeFileSync(f('old.json'), JSON.stringify({ expirationDate: '2020-01-01T00:00:00Z', payload: Buffer.from(readFileSync(kms.aws!.pub, 'utf8')).toString('base64'), nonce: 'AAAA' }));
    const r = await keyferry(['byok', '--target', 'ibm', '--import-token', f('old.json'), '--key', f('nope.hex')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--import-token .*old\.json: The import token expired at 2020-01-01T00:00:00.000Z/);
  });

  it('AWS imports only 32-byte AES keys', async () => {
    writeFileSync(f('aes16.hex'), '00'.repeat(16));
    const r = await keyferry(['byok', '--target', 'aws', '--wrapping-key', kms.aws!.pub, '--key', f('aes16.hex'), '--symmetric']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exactly 32 bytes, not 16/);
  });
});

describe('byok --from-site against a real cluster', { timeout: 240_000 }, () => {
  let cluster: TestCluster;
  const unwrapping = () => f('site-export.pem');

  beforeAll(async () => {
    cluster = await startTestCluster();
    home = cluster.home;
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    writeFileSync(unwrapping(), privateKey.export({ type: 'pkcs1', format: 'pem' }));
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    for (const i of [1, 2, 3]) {
      const current = await cluster.api('main', i, 'GET', '/v1/export-config');
      const put = await cluster.api('main', i, 'PUT', '/v1/export-config', { enableExport: true, whitelist: [spki], version: current.json.version });
      expect(put.status, JSON.stringify(put.json)).toBe(200);
    }
    for (const [keyId, curve] of [['byok-k1', 'secp256k1'], ['byok-p256', 'P-256']] as const) {
      const r = await keyferry(['session', 'keygen', '--site', 'main', '--curve', curve, '--key-id', keyId]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  const sitePublicKey = async (keyId: string) => (await cluster.api('main', 1, 'GET', `/v1/keys/${keyId}`)).json.publicKey as string;

  it('a secp256k1 key of the site, wrapped for Google Cloud KMS, unwraps to the site’s public key', async () => {
    const r = await keyferry(['byok', '--target', 'gcp', '--wrapping-key', kms.gcp!.pub, '--from-site', 'main', '--key-id', 'byok-k1', '--unwrapping-key', unwrapping(), '--out', f('site-gcp.bin')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('--algorithm ec-sign-secp256k1-sha256');
    expect(spkiOfPkcs8(rsaAesUnwrap(kms.gcp!, readFileSync(f('site-gcp.bin')), 'sha256'))).toBe(await sitePublicKey('byok-k1'));
  });

  it('a P-256 key of the site, wrapped for Vault, unwraps to the site’s public key', async () => {
    const r = await keyferry(['byok', '--target', 'vault', '--wrapping-key', kms.vault!.pub, '--from-site', 'main', '--key-id', 'byok-p256', '--unwrapping-key', unwrapping(), '--out', f('site-vault.json')]);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(readFileSync(f('site-vault.json'), 'utf8'));
    expect(body.type).toBe('ecdsa-p256');
    expect(spkiOfPkcs8(rsaAesUnwrap(kms.vault!, Buffer.from(body.ciphertext, 'base64'), 'sha256'))).toBe(await sitePublicKey('byok-p256'));
  });

  it('refused before any session: secp256k1 for Vault, and a key pair not on the whitelists', async () => {
    const vault = await keyferry(['byok', '--target', 'vault', '--wrapping-key', kms.vault!.pub, '--from-site', 'main', '--key-id', 'byok-k1', '--unwrapping-key', unwrapping()]);
    expect(vault.code).toBe(1);
    expect(vault.stderr).toMatch(/no secp256k1/);
    writeFileSync(f('stranger.pem'), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const stranger = await keyferry(['byok', '--target', 'gcp', '--wrapping-key', kms.gcp!.pub, '--from-site', 'main', '--key-id', 'byok-k1', '--unwrapping-key', f('stranger.pem')]);
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/node 1 of site main would refuse the export: wrapping key [0-9a-f]{16}… .* is not on its export whitelist/);
  });
});
