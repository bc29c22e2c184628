// The BYOK worker job against node:crypto: what it wraps for Vault opens with the test's RSA
// private key (OAEP-SHA256) and AES-KWP back to the PKCS#8 node:crypto wrote; a PKCS#1 RSA
// key goes out as the PKCS#8 node:crypto makes of it; a generated key's saved copy is the
// key inside; a site's shares are recombined in the job and go out as the site's key; the
// compatibility check and an expired IBM token refuse before wrapping.
import { createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, privateDecrypt, constants } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../../crypto/bundle.ts';
import { getCurve } from '../../../crypto/curves.ts';
import { parsePrivateKey } from '../../../crypto/private-key/parse.ts';
import { encodeSpki, fingerprint, parseWrappingKey } from '../../../crypto/public-key.ts';
import { rsaOaepEncryptWith } from '../../../crypto/rsa-oaep.ts';
import { splitShares } from '../../../crypto/shamir.ts';
import { byokJob, type ByokRequest } from './byok-job.ts';

/** A site's key as the nodes export it to this browser (n = 3, t = 1): every share wrapped under one non-extractable RSA-OAEP key. */
async function siteShares(pkcs8Pem: string) {
  const pair = await crypto.subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, false, ['encrypt', 'decrypt']);
  const wrapping = parseWrappingKey(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
  const key = parsePrivateKey(pkcs8Pem);
  const curve = getCurve(key.curve);
  const publicKey = encodeSpki(curve, key.publicKey);
  const shares = await Promise.all(
    splitShares(curve, key.scalar, { n: 3, t: 1 }).map(async (share) => ({
      index: share.index,
      wrappingKeyFingerprint: fingerprint(wrapping.der),
      algorithm: 'RSA-OAEP-SHA256' as const,
      wrappedShare: await rsaOaepEncryptWith(pair.publicKey, share.value),
    })),
  );
  const bundle: Bundle = { format: 'keyferry-bundle/1', curve: key.curve, threshold: 1, publicKey, shares };
  return { bundle, privateKey: pair.privateKey, sitePublicKey: Buffer.from(publicKey).toString('base64') };
}

const kms = generateKeyPairSync('rsa', { modulusLength: 2048 });
const kmsPem = kms.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** Vault's ciphertext: OAEP-SHA256(ephemeral AES-256) ‖ KWP(material), opened independently. */
function openVault(bytes: Uint8Array): Buffer {
  const body = JSON.parse(new TextDecoder().decode(bytes)) as { ciphertext: string };
  const blob = Buffer.from(body.ciphertext, 'base64');
  const aes = privateDecrypt({ key: kms.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, blob.subarray(0, 256));
  const kwp = createDecipheriv('id-aes256-wrap-pad', aes, Buffer.from('A65959A6', 'hex'));
  return Buffer.concat([kwp.update(blob.subarray(256)), kwp.final()]);
}

const vault = (source: ByokRequest['source'], extra: Partial<ByokRequest> = {}): ByokRequest => ({
  target: 'vault',
  algorithm: 'RSA_AES_KEY_WRAP_SHA_256',
  wrappingKey: kmsPem,
  context: { keyName: 'payments' },
  source,
  now: Date.now(),
  ...extra,
});

describe('byokJob', () => {
  it('an external P-256 PKCS#8 goes to Vault as its own PKCS#8, with the body type and the next command', async () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const pkcs8 = p256.export({ type: 'pkcs8', format: 'der' });
    const out = await byokJob(vault({ kind: 'external', input: p256.export({ type: 'pkcs8', format: 'pem' }).toString(), options: {} }));
    expect(out.material).toEqual({ kind: 'ec', curve: 'P-256' });
    expect(openVault(out.artifact.bytes)).toEqual(pkcs8);
    expect(JSON.parse(new TextDecoder().decode(out.artifact.bytes)).type).toBe('ecdsa-p256');
    expect(out.artifact.nextCommand).toContain('transit/keys/payments/import');
  });

  it('a PKCS#1 RSA key (PEM, and DER bytes) is sent as PKCS#8', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const expected = rsa.export({ type: 'pkcs8', format: 'der' });
    for (const input of [rsa.export({ type: 'pkcs1', format: 'pem' }).toString(), new Uint8Array(rsa.export({ type: 'pkcs1', format: 'der' }))]) {
      const out = await byokJob(vault({ kind: 'external', input, options: {} }));
      expect(out.material).toEqual({ kind: 'rsa', bits: 2048 });
      const opened = openVault(out.artifact.bytes);
      expect(opened).toEqual(expected);
      expect(createPrivateKey({ key: opened, format: 'der', type: 'pkcs8' }).asymmetricKeyType).toBe('rsa');
    }
  });

  it('a generated AES-256 key: the saved copy is exactly the key inside, and only when asked for', async () => {
    const kept = await byokJob(vault({ kind: 'generated', type: 'symmetric', bytes: 32, keepCopy: true }));
    expect(openVault(kept.artifact.bytes).toString('hex')).toBe(kept.generatedCopyHex);
    const notKept = await byokJob(vault({ kind: 'generated', type: 'symmetric', bytes: 32, keepCopy: false }));
    expect(notKept.generatedCopyHex).toBeUndefined();
    expect(openVault(notKept.artifact.bytes)).toHaveLength(32);
  });

  it('refuses secp256k1 for Vault with the compatibility sentence, before wrapping', async () => {
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(byokJob(vault({ kind: 'external', input: k1, options: {} }))).rejects.toThrow(/secp256k1/);
  });

  it('refuses an Ed25519 scalar (hex), which has no PKCS#8', async () => {
    const scalar = '0'.repeat(62) + '2a';
    await expect(byokJob(vault({ kind: 'external', input: scalar, options: { curve: 'Ed25519', ed25519Hex: 'scalar' } }))).rejects.toThrow(/exists only as a scalar/);
  });

  it("a site's P-256 key: recombined in the job, sent to Vault as a PKCS#8 whose public key is the site's", async () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const shares = await siteShares(p256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const out = await byokJob(vault({ kind: 'site', ...shares }));
    const opened = createPrivateKey({ key: openVault(out.artifact.bytes), format: 'der', type: 'pkcs8' });
    expect(createPublicKey(opened).export({ type: 'spki', format: 'der' }).toString('base64')).toBe(shares.sitePublicKey);
    expect(out.material).toEqual({ kind: 'ec', curve: 'P-256' });
  });

  it("refuses a site's Ed25519 key (a scalar only) and shares that are not of the site's key", async () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const shares = await siteShares(ed);
    await expect(byokJob(vault({ kind: 'site', ...shares }))).rejects.toThrow(/exists only as a scalar/);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    await expect(byokJob(vault({ kind: 'site', ...shares, sitePublicKey: other }))).rejects.toThrow(/not the site/);
  });

  it('refuses an expired IBM token before reading the key at all', async () => {
    const token = JSON.stringify({ payload: Buffer.from(kmsPem).toString('base64'), nonce: Buffer.alloc(12).toString('base64'), expirationDate: '2020-01-01T00:00:00Z' });
    const request: ByokRequest = { target: 'ibm', algorithm: 'RSAES_OAEP_SHA_256', importToken: token, context: {}, source: { kind: 'external', input: 'not a key', options: {} }, now: Date.now() };
    await expect(byokJob(request)).rejects.toThrow(/expired/);
  });
});
