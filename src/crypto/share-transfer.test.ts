// splitAndWrap / unwrapAndCombine: a key split for n wrapping keys comes back whole from
// any t+1 of them; every wrapped share is plain RSA-OAEP-SHA256 of a fixed-length scalar
// that node:crypto and OpenSSL decrypt; and every refusal names what was wrong.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBundle, serializeBundle, type Bundle } from './bundle.ts';
import { CURVE_NAMES, getCurve, publicKeyFromScalar, type CurveName } from './curves.ts';
import { parseSpki } from './public-key.ts';
import { randomScalarBytes } from './random.ts';
import { rsaOaepEncrypt } from './rsa-oaep.ts';
import { combine } from './shamir.ts';
import { splitAndWrap, unwrapAndCombine, unwrapShare, type Unwrapper } from './share-transfer.ts';
import { expectCryptoErrorAsync } from './test-support/expect-error.ts';
import { opensslOaepDecrypt, withTempDir } from './test-support/openssl.ts';
import { nodeOaepDecrypt, rsaFixture, webCryptoDecryptKey, type RsaFixture } from './test-support/rsa.ts';

let nodes: RsaFixture[];
let rsa1024: RsaFixture;
let unwrappers: Unwrapper[];
beforeAll(async () => {
  [rsa1024, ...nodes] = await Promise.all([rsaFixture(1024), rsaFixture(2048), rsaFixture(2048), rsaFixture(2048)]);
  unwrappers = await Promise.all(nodes.map(async (fx, i) => ({ index: i + 1, key: await webCryptoDecryptKey(fx) })));
});

function keyOf(curve: CurveName, chainCode?: Uint8Array) {
  const c = getCurve(curve);
  const scalar = randomScalarBytes(c);
  return chainCode ? { curve, scalar, chainCode } : { curve, scalar };
}

describe('splitAndWrap → unwrapAndCombine', () => {
  it.each(CURVE_NAMES)('%s: every choice of t+1 = 2 of 3 nodes recovers the key', async (curve) => {
    const key = keyOf(curve);
    const bundle = await splitAndWrap({ key, threshold: 1, wrappingKeys: nodes.map((n) => n.spkiPem), keyId: 'k1' });
    expect(bundle).toMatchObject({ format: 'keyferry-bundle/1', curve, threshold: 1, keyId: 'k1' });
    expect(parseSpki(bundle.publicKey)).toMatchObject({ point: publicKeyFromScalar(getCurve(curve), key.scalar) });
    for (const pair of [[0, 1], [0, 2], [1, 2], [2, 0]]) {
      const got = await unwrapAndCombine(bundle, pair.map((i) => unwrappers[i]!));
      expect(got.scalar).toEqual(key.scalar);
      expect(got).toMatchObject({ curve, format: 'bundle' });
      expect(got.chainCode).toBeUndefined();
    }
  });

  it.each(CURVE_NAMES)('%s: a key given with its public key (as parsePrivateKey reads it) is split under that public key; one of the wrong length is refused', async (curve) => {
    const key = keyOf(curve);
    const publicKey = publicKeyFromScalar(getCurve(curve), key.scalar);
    const bundle = await splitAndWrap({ key: { ...key, publicKey }, threshold: 1, wrappingKeys: nodes.map((n) => n.spkiDer) });
    expect(parseSpki(bundle.publicKey)).toMatchObject({ point: publicKey });
    expect((await unwrapAndCombine(bundle, unwrappers.slice(0, 2))).scalar).toEqual(key.scalar);
    await expectCryptoErrorAsync(() => splitAndWrap({ key: { ...key, publicKey: publicKey.subarray(1) }, threshold: 1, wrappingKeys: nodes.map((n) => n.spkiDer) }), 'invalid-argument', {
      field: 'key.publicKey',
    });
  });

  it('threshold 2 of 3, with a chain code, through serialize/parse of the bundle', async () => {
    const chainCode = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const key = keyOf('secp256k1', chainCode);
    const bundle = parseBundle(serializeBundle(await splitAndWrap({ key, threshold: 2, wrappingKeys: nodes.map((n) => n.spkiDer) })));
    const got = await unwrapAndCombine(bundle, unwrappers);
    expect(got.scalar).toEqual(key.scalar);
    expect(got.chainCode).toEqual(chainCode);
    await expectCryptoErrorAsync(() => unwrapAndCombine(bundle, unwrappers.slice(0, 2)), 'invalid-argument', { field: 'unwrappers', message: /needs 3/ });
  });

  it('fingerprints are sha256 of each node’s SPKI, in node order', async () => {
    const bundle = await splitAndWrap({ key: keyOf('P-256'), threshold: 1, wrappingKeys: nodes.map((n) => n.pkcs1PublicPem) });
    expect(bundle.shares.map((s) => s.wrappingKeyFingerprint)).toEqual(nodes.map((n) => createHash('sha256').update(n.spkiDer).digest('hex')));
    expect(bundle.shares.map((s) => s.index)).toEqual([1, 2, 3]);
  });

  it('node:crypto decrypts each wrapped share to a fixed-length scalar; the shares recombine', async () => {
    for (const curve of ['P-384', 'Ed25519'] as const) {
      const key = keyOf(curve);
      const bundle = await splitAndWrap({ key, threshold: 1, wrappingKeys: nodes.map((n) => n.spkiDer) });
      const shares = bundle.shares.map((s, i) => ({ index: s.index, value: nodeOaepDecrypt(nodes[i]!, s.wrappedShare) }));
      for (const s of shares) expect(s.value).toHaveLength(getCurve(curve).scalarBytes);
      expect(combine(getCurve(curve), shares, { threshold: 1 })).toEqual(key.scalar);
    }
  });

  it('OpenSSL pkeyutl (OAEP, SHA-256, MGF1-SHA-256) decrypts the shares and chain code', async () => {
    const chainCode = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const key = keyOf('secp256k1', chainCode);
    const bundle = await splitAndWrap({ key, threshold: 1, wrappingKeys: nodes.map((n) => n.spkiDer) });
    await withTempDir((dir) => {
      const shares = bundle.shares.slice(0, 2).map((s, i) => ({ index: s.index, value: opensslOaepDecrypt(dir, nodes[i]!.pkcs8Pem, s.wrappedShare) }));
      for (const s of shares) expect(s.value).toHaveLength(32);
      expect(combine(getCurve('secp256k1'), shares)).toEqual(key.scalar);
      expect(opensslOaepDecrypt(dir, nodes[2]!.pkcs1PrivatePem, bundle.shares[2]!.wrappedChainCode!)).toEqual(chainCode);
    });
  });

  it('the injected rng makes the sharing deterministic (shares decrypt to the same values)', async () => {
    let counter = 0;
    const rng = (n: number) => Uint8Array.from({ length: n }, () => counter++ & 0xff);
    const key = keyOf('P-256');
    const a = await splitAndWrap({ key, threshold: 1, wrappingKeys: nodes.map((n) => n.spkiDer), rng });
    counter = 0;
    const b = await splitAndWrap({ key, threshold: 1, wrappingKeys: nodes.map((n) => n.spkiDer), rng });
    expect(nodeOaepDecrypt(nodes[0]!, a.shares[0]!.wrappedShare)).toEqual(nodeOaepDecrypt(nodes[0]!, b.shares[0]!.wrappedShare));
    expect(a.shares[0]!.wrappedShare).not.toEqual(b.shares[0]!.wrappedShare); // OAEP itself stays randomized
  });

  it('does not keep or alter the caller’s key bytes', async () => {
    const key = keyOf('secp256k1', new Uint8Array(32).fill(7));
    const scalar = key.scalar.slice();
    await splitAndWrap({ key, threshold: 1, wrappingKeys: nodes.map((n) => n.spkiDer) });
    expect(key.scalar).toEqual(scalar);
    expect(key.chainCode).toEqual(new Uint8Array(32).fill(7));
  });
});

describe('splitAndWrap refusals', () => {
  const key = keyOf('P-256');

  it('duplicate wrapping keys (even in different encodings)', async () => {
    await expectCryptoErrorAsync(() => splitAndWrap({ key, threshold: 1, wrappingKeys: [nodes[0]!.spkiPem, nodes[1]!.spkiPem, nodes[0]!.pkcs1PublicPem] }), 'invalid-argument', {
      field: 'wrappingKeys[2]',
      message: /same key as wrappingKeys\[0\]/,
    });
  });

  it('fewer than t+1 wrapping keys', async () => {
    await expectCryptoErrorAsync(() => splitAndWrap({ key, threshold: 2, wrappingKeys: [nodes[0]!.spkiPem, nodes[1]!.spkiPem] }), 'invalid-argument', {
      field: 'wrappingKeys',
      message: /at least 3/,
    });
    await expectCryptoErrorAsync(() => splitAndWrap({ key, threshold: 0, wrappingKeys: nodes.map((n) => n.spkiPem) }), 'invalid-argument', { field: 'threshold' });
  });

  it('an RSA-1024 wrapping key, naming which one', async () => {
    await expectCryptoErrorAsync(() => splitAndWrap({ key, threshold: 1, wrappingKeys: [nodes[0]!.spkiPem, rsa1024.spkiPem] }), 'weak-key', { field: 'wrappingKeys[1]' });
  });

  it('bad key ID, chain code length, scalar length and scalar value', async () => {
    const wrappingKeys = nodes.map((n) => n.spkiPem);
    await expectCryptoErrorAsync(() => splitAndWrap({ key, threshold: 1, wrappingKeys, keyId: 'no spaces' }), 'invalid-bundle', { field: 'keyId' });
    await expectCryptoErrorAsync(() => splitAndWrap({ key: { ...key, chainCode: new Uint8Array(31) }, threshold: 1, wrappingKeys }), 'invalid-argument', { field: 'chainCode' });
    await expectCryptoErrorAsync(() => splitAndWrap({ key: { curve: 'P-384', scalar: key.scalar }, threshold: 1, wrappingKeys }), 'invalid-argument', { field: 'key.scalar' });
    await expectCryptoErrorAsync(() => splitAndWrap({ key: { curve: 'P-256', scalar: new Uint8Array(32) }, threshold: 1, wrappingKeys }), 'invalid-scalar');
  });
});

describe('unwrapAndCombine refusals', () => {
  let bundle: Bundle;
  const key = keyOf('secp256k1', new Uint8Array(32).fill(1));
  beforeAll(async () => {
    bundle = await splitAndWrap({ key, threshold: 1, wrappingKeys: nodes.map((n) => n.spkiDer) });
  });

  it('a wrong unwrapping key is decrypt-failed, naming the share', async () => {
    const swappedKeys = [{ index: 1, key: unwrappers[1]!.key }, unwrappers[2]!];
    await expectCryptoErrorAsync(() => unwrapAndCombine(bundle, swappedKeys), 'decrypt-failed', { field: 'shares[index 1].wrappedShare' });
  });

  it('a share swapped in from another sharing of the same key is verification-failed', async () => {
    const other = await splitAndWrap({ key, threshold: 1, wrappingKeys: nodes.map((n) => n.spkiDer) });
    const mixed: Bundle = { ...bundle, shares: [other.shares[0]!, ...bundle.shares.slice(1)] };
    await expectCryptoErrorAsync(() => unwrapAndCombine(mixed, unwrappers.slice(0, 2)), 'verification-failed', { field: 'publicKey', message: /does not match the bundle public key/ });
    // With every share given, the inconsistency is caught by combine itself.
    await expectCryptoErrorAsync(() => unwrapAndCombine(mixed, unwrappers), 'invalid-share', { message: /does not lie on the polynomial/ });
  });

  it('a bundle whose public key is another key’s is verification-failed', async () => {
    const otherKey = await splitAndWrap({ key: keyOf('secp256k1'), threshold: 1, wrappingKeys: nodes.map((n) => n.spkiDer) });
    await expectCryptoErrorAsync(() => unwrapAndCombine({ ...bundle, publicKey: otherKey.publicKey }, unwrappers.slice(0, 2)), 'verification-failed');
  });

  it('shares carrying different chain codes are verification-failed', async () => {
    const otherChain = await splitAndWrap({ key: { ...key, chainCode: new Uint8Array(32).fill(2) }, threshold: 1, wrappingKeys: nodes.map((n) => n.spkiDer) });
    const mixed: Bundle = { ...bundle, shares: [bundle.shares[0]!, { ...bundle.shares[1]!, wrappedChainCode: otherChain.shares[1]!.wrappedChainCode! }] };
    await expectCryptoErrorAsync(() => unwrapAndCombine(mixed, unwrappers.slice(0, 2)), 'verification-failed', { field: 'wrappedChainCode' });
  });

  it('unknown or repeated indices, too few unwrappers', async () => {
    await expectCryptoErrorAsync(() => unwrapAndCombine(bundle, [unwrappers[0]!, { index: 9, key: unwrappers[1]!.key }]), 'invalid-argument', { message: /no share with index 9/ });
    await expectCryptoErrorAsync(() => unwrapAndCombine(bundle, [unwrappers[0]!, unwrappers[0]!]), 'invalid-argument', { message: /index 1 given twice/ });
    await expectCryptoErrorAsync(() => unwrapAndCombine(bundle, [unwrappers[0]!]), 'invalid-argument', { field: 'unwrappers' });
  });

  it('a wrapped value that is not a scalar of the curve is invalid-share', async () => {
    const short = await rsaOaepEncrypt(nodes[0]!.spkiDer, new Uint8Array(31).fill(1));
    await expectCryptoErrorAsync(() => unwrapShare(bundle, { ...bundle.shares[0]!, wrappedShare: short }, unwrappers[0]!.key), 'invalid-share', { message: /32-byte secp256k1 scalar/ });
    const tooBig = await rsaOaepEncrypt(nodes[0]!.spkiDer, new Uint8Array(32).fill(0xff));
    await expectCryptoErrorAsync(() => unwrapShare(bundle, { ...bundle.shares[0]!, wrappedShare: tooBig }, unwrappers[0]!.key), 'invalid-share');
    const badChain = await rsaOaepEncrypt(nodes[0]!.spkiDer, new Uint8Array(16));
    await expectCryptoErrorAsync(() => unwrapShare(bundle, { ...bundle.shares[0]!, wrappedChainCode: badChain }, unwrappers[0]!.key), 'invalid-share', { message: /chain code must be 32 bytes/ });
  });
});
