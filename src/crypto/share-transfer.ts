// The two halves of moving a key as shares: split a whole private key and wrap each
// share for its node (external key → site), and unwrap shares and recombine them
// (site → holder of the unwrapping keys), checking the result against the bundle's
// public key. Used by the CLI today and by the console's worker and the nodes next.
import { abytes, aint } from './_guards.ts';
import { bytesToBigint, equalBytes, wipe } from './bytes.ts';
import { BUNDLE_FORMAT, checkKeyId, SHARE_ALGORITHM, type Bundle, type BundleShare } from './bundle.ts';
import { getCurve, publicKeyFromScalar } from './curves.ts';
import { CryptoError } from './errors.ts';
import type { PrivateKey } from './private-key/types.ts';
import { encodeSpki, fingerprint, parseSpki } from './public-key.ts';
import { randomBytes, type Rng } from './random.ts';
import { importRsaEncryptKeyCached, rsaOaepDecrypt, rsaOaepEncryptWith, toRsaPublicKey, type RsaPublicKey } from './rsa-oaep.ts';
import { combine, splitShares, type Share } from './shamir.ts';

export interface SplitAndWrapInput {
  /**
   * `publicKey`, when given, is the key's public point as parsePrivateKey derived it from
   * this scalar (reading a key already costs that scalar multiplication); it is checked
   * for shape, not derived again. Without it, it is derived here.
   */
  key: Pick<PrivateKey, 'curve' | 'scalar' | 'chainCode'> & { publicKey?: Uint8Array };
  threshold: number;
  /** One wrapping key per node, in node-index order; n = their count. */
  wrappingKeys: readonly (RsaPublicKey | string | Uint8Array)[];
  keyId?: string;
  rng?: Rng;
}

export async function splitAndWrap(input: SplitAndWrapInput): Promise<Bundle> {
  const curve = getCurve(input.key.curve);
  const scalar = abytes(input.key.scalar, 'key.scalar', curve.scalarBytes).slice();
  const chainCode = input.key.chainCode === undefined ? undefined : abytes(input.key.chainCode, 'chainCode', 32).slice();
  if (!Array.isArray(input.wrappingKeys)) throw new CryptoError('invalid-argument', '"wrappingKeys" expected an array, one per node', { field: 'wrappingKeys' });
  const n = input.wrappingKeys.length;
  const t = aint(input.threshold, 'threshold', 1, 254);
  if (n < t + 1) {
    throw new CryptoError('invalid-argument', `threshold ${t} needs at least ${t + 1} nodes (wrapping keys), got ${n}`, { field: 'wrappingKeys' });
  }
  const keyId = input.keyId === undefined ? undefined : checkKeyId(input.keyId);
  const wrappingKeys = input.wrappingKeys.map((k, i) => toRsaPublicKey(k, `wrappingKeys[${i}]`));
  const fingerprints = wrappingKeys.map((k) => fingerprint(k.der));
  const dup = fingerprints.findIndex((f, i) => fingerprints.indexOf(f) !== i);
  if (dup !== -1) {
    throw new CryptoError('invalid-argument', `wrappingKeys[${dup}] is the same key as wrappingKeys[${fingerprints.indexOf(fingerprints[dup]!)}]; each node needs its own wrapping key`, {
      field: `wrappingKeys[${dup}]`,
    });
  }
  const point = input.key.publicKey === undefined ? publicKeyFromScalar(curve, scalar) : abytes(input.key.publicKey, 'key.publicKey', curve.encodePoint(curve.base).length);
  const publicKey = encodeSpki(curve, point);
  const shares = splitShares(curve, scalar, { n, t }, input.rng ?? randomBytes);
  wipe(scalar);
  try {
    const out: BundleShare[] = [];
    for (const [i, share] of shares.entries()) {
      const cryptoKey = await importRsaEncryptKeyCached(wrappingKeys[i]!);
      const entry: BundleShare = {
        index: share.index,
        wrappingKeyFingerprint: fingerprints[i]!,
        algorithm: SHARE_ALGORITHM,
        wrappedShare: await rsaOaepEncryptWith(cryptoKey, share.value),
      };
      if (chainCode) entry.wrappedChainCode = await rsaOaepEncryptWith(cryptoKey, chainCode);
      out.push(entry);
    }
    const bundle: Bundle = { format: BUNDLE_FORMAT, curve: curve.name, threshold: t, publicKey, shares: out };
    if (keyId !== undefined) bundle.keyId = keyId;
    return bundle;
  } finally {
    for (const s of shares) wipe(s.value);
    wipe(chainCode);
  }
}

export interface Unwrapper {
  index: number;
  /** RSA-OAEP-SHA256 decryption key (non-extractable is fine). */
  key: CryptoKey;
}

/** Unwrap one bundle share to its scalar bytes (and chain code), checking lengths and range. */
export async function unwrapShare(bundle: Bundle, share: BundleShare, key: CryptoKey): Promise<{ share: Share; chainCode?: Uint8Array }> {
  const curve = getCurve(bundle.curve);
  const value = await rsaOaepDecrypt(key, share.wrappedShare, `shares[index ${share.index}].wrappedShare`);
  if (value.length !== curve.scalarBytes || bytesToBigint(value) >= curve.order) {
    wipe(value);
    throw new CryptoError('invalid-share', `share ${share.index} does not decrypt to a ${curve.scalarBytes}-byte ${curve.name} scalar`, { field: `shares[index ${share.index}]` });
  }
  const result: { share: Share; chainCode?: Uint8Array } = { share: { index: share.index, value } };
  if (share.wrappedChainCode) {
    const chainCode = await rsaOaepDecrypt(key, share.wrappedChainCode, `shares[index ${share.index}].wrappedChainCode`);
    if (chainCode.length !== 32) throw new CryptoError('invalid-share', `share ${share.index}: chain code must be 32 bytes, got ${chainCode.length}`, { field: `shares[index ${share.index}]` });
    result.chainCode = chainCode;
  }
  return result;
}

/** Unwrap ≥ t+1 shares, recombine, and verify against bundle.publicKey. */
export async function unwrapAndCombine(bundle: Bundle, unwrappers: readonly Unwrapper[]): Promise<PrivateKey> {
  const curve = getCurve(bundle.curve);
  if (!Array.isArray(unwrappers) || unwrappers.length < bundle.threshold + 1) {
    throw new CryptoError('invalid-argument', `threshold ${bundle.threshold} needs ${bundle.threshold + 1} unwrapping keys, got ${unwrappers?.length ?? 0}`, {
      field: 'unwrappers',
    });
  }
  const shares: Share[] = [];
  let chainCode: Uint8Array | undefined;
  try {
    for (const u of unwrappers) {
      const entry = bundle.shares.find((s) => s.index === u.index);
      if (!entry) throw new CryptoError('invalid-argument', `the bundle has no share with index ${u.index}`, { field: 'unwrappers' });
      if (shares.some((s) => s.index === u.index)) throw new CryptoError('invalid-argument', `index ${u.index} given twice`, { field: 'unwrappers' });
      const got = await unwrapShare(bundle, entry, u.key);
      shares.push(got.share);
      if (got.chainCode) {
        if (chainCode && !equalBytes(chainCode, got.chainCode)) {
          throw new CryptoError('verification-failed', `share ${u.index} carries a different chain code from the others`, { field: 'wrappedChainCode' });
        }
        chainCode = got.chainCode;
      }
    }
    const scalar = combine(curve, shares, { threshold: bundle.threshold });
    const publicKey = publicKeyFromScalar(curve, scalar);
    const expected = parseSpki(bundle.publicKey, 'bundle.publicKey');
    if (expected.algorithm === 'RSA' || !equalBytes(publicKey, expected.point)) {
      wipe(scalar);
      throw new CryptoError('verification-failed', 'the recombined key does not match the bundle public key; a share or unwrapping key is wrong', { field: 'publicKey' });
    }
    const key: PrivateKey = { curve: curve.name, scalar, publicKey, format: 'bundle' };
    if (chainCode) key.chainCode = chainCode;
    return key;
  } finally {
    for (const s of shares) wipe(s.value);
  }
}
