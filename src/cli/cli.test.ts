// The keyferry CLI as a user runs it (a real process), checked against OpenSSL and
// node:crypto: the acceptance run (OpenSSL RSA-3072 node keys, an OpenSSL key
// split by the CLI, shares decrypted by OpenSSL, recombined by independent code).
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, privateDecrypt, constants, createDecipheriv } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyferryCommand } from '../node/cluster/cli-launch.ts';

const dir = mkdtempSync(join(tmpdir(), 'keyferry-cli-'));
const f = (name: string) => join(dir, name);

function keyferry(args: string[], input?: string) {
  const command = keyferryCommand(args);
  const r = spawnSync(command.file, command.args, {
    cwd: command.cwd,
    input,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function openssl(args: string[]): Buffer {
  return execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

// Independent of src/crypto/shamir.ts: textbook Lagrange at 0 with BigInt and Fermat inversion.
function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}
function lagrangeAtZero(points: [bigint, bigint][], n: bigint): bigint {
  let acc = 0n;
  for (const [xi, yi] of points) {
    let num = 1n;
    let den = 1n;
    for (const [xj] of points) {
      if (xj === xi) continue;
      num = (num * ((n - xj) % n)) % n;
      den = (den * (((xi - xj) % n) + n)) % n;
    }
    acc = (acc + yi * num * modPow(den, n - 2n, n)) % n;
  }
  return acc;
}
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

beforeAll(() => {
  for (const i of [1, 2, 3]) {
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072', '-out', f(`node${i}.pem`)]);
    openssl(['pkey', '-in', f(`node${i}.pem`), '-pubout', '-out', f(`node${i}.pub`)]);
  }
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1', '-out', f('external.pem')]);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wrapping = ['--wrapping-key', f('node1.pub'), '--wrapping-key', f('node2.pub'), '--wrapping-key', f('node3.pub')];

describe('split → OpenSSL decrypt → independent recombination', { timeout: 60_000 }, () => {
  it('recovers the OpenSSL key from any two shares and the bundle carries its SPKI', () => {
    const r = keyferry(['split', '--key', f('external.pem'), '--threshold', '1', ...wrapping, '--key-id', 'acceptance-1', '--out', f('bundle.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const bundle = JSON.parse(readFileSync(f('bundle.json'), 'utf8'));
    const opensslSpki = openssl(['pkey', '-in', f('external.pem'), '-pubout', '-outform', 'DER']);
    expect(bundle.publicKey).toBe(opensslSpki.toString('base64'));
    expect(bundle.keyId).toBe('acceptance-1');
    expect(bundle.shares).toHaveLength(3);

    const ys: [bigint, bigint][] = [];
    for (const share of bundle.shares) {
      writeFileSync(f(`share${share.index}.bin`), Buffer.from(share.wrappedShare, 'base64'));
      const plain = openssl([
        'pkeyutl', '-decrypt', '-inkey', f(`node${share.index}.pem`), '-in', f(`share${share.index}.bin`),
        '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256',
      ]);
      expect(plain.length).toBe(32);
      ys.push([BigInt(share.index), BigInt(`0x${plain.toString('hex')}`)]);
    }
    const d = BigInt(`0x${Buffer.from(createPrivateKey(readFileSync(f('external.pem'))).export({ format: 'jwk' }).d!, 'base64url').toString('hex')}`);
    for (const pair of [[0, 1], [0, 2], [1, 2]] as const) {
      expect(lagrangeAtZero([ys[pair[0]]!, ys[pair[1]]!], SECP256K1_N)).toBe(d);
    }
    // A single share (t of them) is not the key.
    expect(ys.every(([, y]) => y !== d)).toBe(true);
  });

  it('combine recovers the key in every format, and OpenSSL derives the bundle public key from it', () => {
    const bundle = JSON.parse(readFileSync(f('bundle.json'), 'utf8'));
    const r = keyferry(['combine', '--bundle', f('bundle.json'), '--unwrapping-key', `2:${f('node2.pem')}`, '--unwrapping-key', `3:${f('node3.pem')}`, '--out', f('recovered.pem')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(statSync(f('recovered.pem')).mode & 0o777).toBe(0o600);
    const spki = openssl(['pkey', '-in', f('recovered.pem'), '-pubout', '-outform', 'DER']);
    expect(spki.toString('base64')).toBe(bundle.publicKey);
    for (const format of ['sec1', 'jwk', 'hex', 'wif']) {
      const out = keyferry(['combine', '--bundle', f('bundle.json'), '--unwrapping-key', `1:${f('node1.pem')}`, '--unwrapping-key', `3:${f('node3.pem')}`, '--format', format]);
      expect(out.code).toBe(0);
      const back = keyferry(['inspect', '-'], out.stdout);
      expect(JSON.parse(back.stdout).spki).toBe(bundle.publicKey);
    }
  });

  it('per-share files merge back for combine', () => {
    const r = keyferry(['split', '--key', f('external.pem'), '--threshold', '1', ...wrapping, '--out', f('parts.json'), '--per-share']);
    expect(r.code).toBe(0);
    expect(existsSync(f('parts.share-3.json'))).toBe(true);
    const part = JSON.parse(readFileSync(f('parts.share-2.json'), 'utf8'));
    expect(part.shares.map((s: { index: number }) => s.index)).toEqual([2]);
    const c = keyferry(['combine', '--bundle', f('parts.share-1.json'), '--bundle', f('parts.share-3.json'), '--unwrapping-key', `1:${f('node1.pem')}`, '--unwrapping-key', `3:${f('node3.pem')}`, '--format', 'hex']);
    expect(c.code).toBe(0);
    const d = createPrivateKey(readFileSync(f('external.pem'))).export({ format: 'jwk' }).d!;
    expect(c.stdout.trim()).toBe(Buffer.from(d, 'base64url').toString('hex'));
  });

  it('Ed25519: a seed goes in, the scalar comes out, with a note, and it reads back to the same public key', () => {
    const ed = generateKeyPairSync('ed25519');
    writeFileSync(f('ed.pem'), ed.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const s = keyferry(['split', '--key', f('ed.pem'), '--threshold', '2', ...wrapping, '--out', f('ed-bundle.json')]);
    expect(s.code).toBe(0);
    const bundle = JSON.parse(readFileSync(f('ed-bundle.json'), 'utf8'));
    expect(bundle.publicKey).toBe(ed.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
    // t = 2: all three shares are needed; OpenSSL decrypts them, independent code recombines.
    const ys: [bigint, bigint][] = bundle.shares.map((share: { index: number; wrappedShare: string }) => {
      const plain = privateDecrypt({ key: readFileSync(f(`node${share.index}.pem`)), oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from(share.wrappedShare, 'base64'));
      return [BigInt(share.index), BigInt(`0x${plain.toString('hex')}`)];
    });
    const scalar = lagrangeAtZero(ys, ED25519_L);
    const c = keyferry(['combine', '--bundle', f('ed-bundle.json'), '--unwrapping-key', `1:${f('node1.pem')}`, '--unwrapping-key', `2:${f('node2.pem')}`, '--unwrapping-key', `3:${f('node3.pem')}`]);
    expect(c.code).toBe(0);
    expect(c.stderr).toMatch(/scalar, not the original seed/);
    expect(BigInt(`0x${c.stdout.trim()}`)).toBe(scalar);
    // Bare Ed25519 hex is ambiguous (seed or scalar): refused until the operator says which.
    const ambiguous = keyferry(['inspect', '--curve', 'Ed25519', '-'], c.stdout);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/--ed25519-hex seed or --ed25519-hex scalar/);
    const asScalar = keyferry(['inspect', '--curve', 'Ed25519', '--ed25519-hex', 'scalar', '-'], c.stdout);
    expect(JSON.parse(asScalar.stdout).spki).toBe(bundle.publicKey);
    writeFileSync(f('ed-scalar.hex'), c.stdout);
    const split2 = keyferry(['split', '--key', f('ed-scalar.hex'), '--curve', 'Ed25519', '--ed25519-hex', 'scalar', '--threshold', '1', ...wrapping]);
    expect(split2.code).toBe(0);
    expect(JSON.parse(split2.stdout).publicKey).toBe(bundle.publicKey);
  });
});

describe('inspect', { timeout: 30_000 }, () => {
  it('reads a public key from stdin and reports the SPKI fingerprint', () => {
    const pub = createPublicKey(readFileSync(f('node1.pub')));
    const der = pub.export({ type: 'spki', format: 'der' });
    const r = keyferry(['inspect', '-'], readFileSync(f('node1.pub'), 'utf8'));
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ kind: 'public-key', algorithm: 'RSA', rsaBits: 3072, spki: der.toString('base64') });
    expect(report.fingerprint).toBe(execFileSync('sha256sum', { input: der }).toString().split(' ')[0]);
  });
});

describe('byok', { timeout: 30_000 }, () => {
  it('aws RSA_AES_KEY_WRAP_SHA_256: node:crypto unwraps the PKCS#8 of the key', () => {
    const r = keyferry(['byok', '--target', 'aws', '--wrapping-key', f('node1.pub'), '--key', f('external.pem'), '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.algorithm).toBe('RSA_AES_KEY_WRAP_SHA_256');
    const blob = Buffer.from(out.payload.EncryptedKeyMaterial, 'base64');
    const aesKey = privateDecrypt({ key: readFileSync(f('node1.pem')), oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING }, blob.subarray(0, 384));
    const decipher = createDecipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('A65959A6', 'hex'));
    const pkcs8 = Buffer.concat([decipher.update(blob.subarray(384)), decipher.final()]);
    const recovered = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    expect(createPublicKey(recovered).export({ type: 'spki', format: 'der' }).toString('base64')).toBe(
      openssl(['pkey', '-in', f('external.pem'), '-pubout', '-outform', 'DER']).toString('base64'),
    );
  });

  it('ibm with an import token encrypts the nonce under the material', () => {
    const token = { payload: Buffer.from(readFileSync(f('node2.pub'), 'utf8')).toString('base64'), nonce: Buffer.from('nonce-from-kp').toString('base64') };
    writeFileSync(f('token.json'), JSON.stringify(token));
    writeFileSync(f('aes.hex'), '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n');
    const r = keyferry(['byok', '--target', 'ibm', '--import-token', f('token.json'), '--key', f('aes.hex'), '--json']);
    expect(r.stderr).toBe('');
    const p = JSON.parse(r.stdout).payload;
    const material = privateDecrypt({ key: readFileSync(f('node2.pem')), oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from(p.payload, 'base64'));
    expect(material.toString('hex')).toBe('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
    const enc = Buffer.from(p.encryptedNonce, 'base64');
    const gcm = createDecipheriv('aes-256-gcm', material, Buffer.from(p.iv, 'base64'));
    gcm.setAuthTag(enc.subarray(enc.length - 16));
    expect(Buffer.concat([gcm.update(enc.subarray(0, enc.length - 16)), gcm.final()]).toString()).toBe('nonce-from-kp');
  });
});

describe('errors: one sentence on stderr, non-zero exit', { timeout: 30_000 }, () => {
  const oneLine = (s: string) => s.trim().split('\n').length === 1;

  it('a missing file names the flag and the file', () => {
    const r = keyferry(['split', '--key', f('nope.pem'), '--threshold', '1', ...wrapping]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/key file .*nope\.pem does not exist/);
    expect(oneLine(r.stderr)).toBe(true);
  });

  it('a 1024-bit wrapping key is refused naming which one', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    writeFileSync(f('weak.pub'), weak.publicKey.export({ type: 'spki', format: 'pem' }));
    const r = keyferry(['split', '--key', f('external.pem'), '--threshold', '1', '--wrapping-key', f('node1.pub'), '--wrapping-key', f('weak.pub')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--wrapping-key #2 .*1024 bits is refused; use at least 2048/);
    expect(oneLine(r.stderr)).toBe(true);
  });

  it('usage errors exit 2', () => {
    expect(keyferry(['split', '--bogus']).code).toBe(2);
    expect(keyferry(['split', '--key', f('external.pem'), ...wrapping]).stderr).toMatch(/--threshold is required/);
    expect(keyferry(['frobnicate']).code).toBe(2);
  });

  it('a wrong unwrapping key fails combine without writing the output file', () => {
    const r = keyferry(['combine', '--bundle', f('bundle.json'), '--unwrapping-key', `1:${f('node2.pem')}`, '--unwrapping-key', `3:${f('node3.pem')}`, '--out', f('never.pem')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/RSA-OAEP decryption failed/);
    expect(existsSync(f('never.pem'))).toBe(false);
  });

  it('garbage input lists the formats tried', () => {
    const r = keyferry(['inspect', '-'], 'definitely not a key');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Tried: PEM .*JWK.*WIF.*hex/);
  });
});
