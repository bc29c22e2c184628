// The export-to-browser worker job in Node: shares wrapped under one RSA key (made by
// node:crypto, unwrapped through a non-extractable Web Crypto handle) come back only as the
// encoded forms the page offers for the curve; the encoded PKCS#8 is the site's key per
// node:crypto; a key that is not the site's is refused with the core's code.
import { createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { rsaFixture, webCryptoDecryptKey, type RsaFixture } from '../../../crypto/test-support/rsa.ts';
import { toBase64, toHex } from '../../../crypto/bytes.ts';
import type { Bundle } from '../../../crypto/bundle.ts';
import { getCurve, publicKeyFromScalar, type CurveName } from '../../../crypto/curves.ts';
import { encodeSpki, fingerprint, parseWrappingKey } from '../../../crypto/public-key.ts';
import { randomScalarBytes } from '../../../crypto/random.ts';
import { importRsaEncryptKeyCached, rsaOaepEncryptWith } from '../../../crypto/rsa-oaep.ts';
import { splitShares } from '../../../crypto/shamir.ts';
import { recoverKeyText } from './recover.ts';

let rsa: RsaFixture;
beforeAll(async () => {
  rsa = await rsaFixture(2048);
}, 60_000);

/** Shares of a fresh key (n = 3, t = 1), every one wrapped under the one browser key. */
async function browserBundle(curveName: CurveName) {
  const curve = getCurve(curveName);
  const scalar = randomScalarBytes(curve);
  const publicKey = encodeSpki(curve, publicKeyFromScalar(curve, scalar));
  const wrapping = parseWrappingKey(rsa.spkiDer);
  const encryptKey = await importRsaEncryptKeyCached(wrapping);
  const shares = await Promise.all(
    splitShares(curve, scalar, { n: 3, t: 1 }).map(async (share) => ({
      index: share.index,
      wrappingKeyFingerprint: fingerprint(wrapping.der),
      algorithm: 'RSA-OAEP-SHA256' as const,
      wrappedShare: await rsaOaepEncryptWith(encryptKey, share.value),
    })),
  );
  const bundle: Bundle = { format: 'keyferry-bundle/1', curve: curveName, threshold: 1, publicKey, shares };
  return { bundle, scalar, sitePublicKey: toBase64(publicKey) };
}

describe('recoverKeyText', () => {
  it('gives a secp256k1 key in every format offered for it, and the PKCS#8 is the site’s key', async () => {
    const { bundle, scalar, sitePublicKey } = await browserBundle('secp256k1');
    const result = await recoverKeyText({ bundle, privateKey: await webCryptoDecryptKey(rsa), sitePublicKey });
    expect(result.curve).toBe('secp256k1');
    expect(Object.keys(result.encoded).sort()).toEqual(['hex', 'jwk', 'pkcs8', 'sec1', 'wif']);
    expect(result.encoded.hex).toEqual({ ok: true, text: `${toHex(scalar)}\n` });
    const pem = result.encoded.pkcs8;
    if (pem?.ok !== true) throw new Error('no PKCS#8');
    expect(createPublicKey(pem.text).export({ type: 'spki', format: 'der' }).toString('base64')).toBe(sitePublicKey);
  });

  it('gives an Ed25519 scalar as hex only', async () => {
    const { bundle, scalar, sitePublicKey } = await browserBundle('Ed25519');
    const result = await recoverKeyText({ bundle, privateKey: await webCryptoDecryptKey(rsa), sitePublicKey });
    expect(result.encoded).toEqual({ hex: { ok: true, text: `${toHex(scalar)}\n` } });
  });

  it('refuses a bundle whose public key is not the site’s', async () => {
    const { bundle } = await browserBundle('P-256');
    const other = await browserBundle('P-256');
    await expect(recoverKeyText({ bundle, privateKey: await webCryptoDecryptKey(rsa), sitePublicKey: other.sitePublicKey })).rejects.toMatchObject({
      code: 'verification-failed',
      field: 'publicKey',
    });
  });
});
