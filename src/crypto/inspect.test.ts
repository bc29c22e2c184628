// inspectKey: what an operator sees for each kind of key — curve, format, the SPKI and
// its fingerprint (equal to node:crypto's), notes — and never the secret itself.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inspectKey } from './inspect.ts';
import { expectCryptoErrorAsync } from './test-support/expect-error.ts';

const sha256 = (b: Uint8Array | Buffer) => createHash('sha256').update(b).digest('hex');

describe('inspectKey', () => {
  it('EC private keys: curve, format and node’s SPKI and fingerprint, without the scalar', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const report = await inspectKey(privateKey.export({ type: 'sec1', format: 'pem' }).toString());
    expect(report).toMatchObject({ kind: 'private-key', algorithm: 'EC', curve: 'secp256k1', format: 'sec1-pem', chainCode: false, spki: spki.toString('base64'), fingerprint: sha256(spki) });
    const d = privateKey.export({ format: 'jwk' }).d!;
    const text = JSON.stringify(report);
    for (const secret of [d, Buffer.from(d, 'base64url').toString('hex'), Buffer.from(d, 'base64url').toString('base64')]) expect(text).not.toContain(secret);
  });

  it('Ed25519 seed keys carry the seed-vs-scalar note', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const report = await inspectKey(new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' })));
    expect(report).toMatchObject({ algorithm: 'Ed25519', curve: 'Ed25519', format: 'pkcs8-der', fingerprint: sha256(publicKey.export({ type: 'spki', format: 'der' })) });
    expect(report.notes.join(' ')).toMatch(/seed/);
    const scalarReport = await inspectKey('01'.repeat(32), { curve: 'Ed25519', ed25519Hex: 'scalar' });
    expect(scalarReport.notes.join(' ')).toMatch(/scalar \(not a seed\)/);
  });

  it('xprv and WIF: chain code and network', async () => {
    const xprv = await inspectKey('xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi');
    expect(xprv).toMatchObject({ format: 'xprv', chainCode: true, network: 'mainnet' });
    const wif = await inspectKey('5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ');
    expect(wif).toMatchObject({ format: 'wif', network: 'mainnet' });
    expect(wif.notes).toContain('WIF marked uncompressed.');
  });

  it('RSA public keys: bits, exponent, wrapping-key notes, PKCS#1 converted to SPKI', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const report = await inspectKey(publicKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    expect(report).toMatchObject({ kind: 'public-key', algorithm: 'RSA', rsaBits: 1024, rsaExponent: 65537, format: 'pkcs1-pem', fingerprint: sha256(spki) });
    expect(report.notes.join(' ')).toMatch(/refused as a wrapping key[\s\S]*PKCS#1/);
  });

  it('unrecognised input lists every format tried; a recognised-but-broken key keeps its precise error', async () => {
    const e = await expectCryptoErrorAsync(() => inspectKey('what is this'), 'unsupported-format', { field: 'key' });
    expect(e.tried!.at(-1)).toMatch(/^public key:/);
    expect(e.tried!.length).toBeGreaterThan(5);
    await expectCryptoErrorAsync(() => inspectKey('5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTK'), 'invalid-encoding', { message: /WIF/ });
    await expectCryptoErrorAsync(() => inspectKey('00'.repeat(32)), 'invalid-scalar');
  });

  it('an encrypted private key gets the decrypt hint, not the generic unknown-format sentence', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString();
    await expectCryptoErrorAsync(() => inspectKey(pem), 'unsupported-format', { message: /password-encrypted; decrypt it first/ });
  });

  it('an xpub is recognised and refused as carrying no private key', async () => {
    const xpub = 'xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8';
    await expectCryptoErrorAsync(() => inspectKey(xpub), 'unsupported-format', { message: /xpub keys carry no private key/ });
  });
});
