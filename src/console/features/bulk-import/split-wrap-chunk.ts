// The bulk import's work in one worker (workers/bulk-split-wrap.worker.ts), kept apart from
// the worker so it is unit-tested in Node: a chunk of plaintext keys goes in, one result per
// key comes out — its bundle (shares wrapped for each node) and public key, or the sentence
// saying why that key alone could not be split. A key that fails never fails its chunk.
//
// Where the time goes, per key: reading the key (which derives its public key: the one EC
// scalar multiplication), the Shamir split (field arithmetic only), n RSA-OAEP encryptions
// and the SPKI encoding. The wrapping keys are parsed, checked and imported into Web Crypto
// once per worker and target set (not once per key, as the single-key job does), and the
// public key the reader derived is reused rather than derived a second time, and its SPKI
// header is encoded once per curve. With `profile`
// set, the chunk reports how long each step took (performance.now in the worker).
import type { Bundle, BundleShare } from '../../../crypto/bundle.ts';
import { BUNDLE_FORMAT, SHARE_ALGORITHM, checkKeyId } from '../../../crypto/bundle.ts';
import { fromHex, toBase64, wipe } from '../../../crypto/bytes.ts';
import { getCurve, type Curve } from '../../../crypto/curves.ts';
import { CryptoError, isCryptoError } from '../../../crypto/errors.ts';
import { parsePrivateKey } from '../../../crypto/private-key/parse.ts';
import type { PrivateKey } from '../../../crypto/private-key/types.ts';
import { encodeSpki, fingerprint } from '../../../crypto/public-key.ts';
import { importRsaEncryptKeyCached, rsaOaepEncryptWith, toRsaPublicKey } from '../../../crypto/rsa-oaep.ts';
import { splitShares } from '../../../crypto/shamir.ts';
import type { BulkKeyInput, WrapTarget } from './bulk-contract.ts';

export interface SplitWrapChunkRequest {
  items: BulkKeyInput[];
  /** One per node of the site: its index, its wrapping key (base64 DER SPKI) and that key's fingerprint. */
  targets: WrapTarget[];
  threshold: number;
  /** Report the time spent in each step. */
  profile?: boolean;
}

export interface ChunkKeyResult {
  keyId: string;
  bundle?: Bundle;
  /** base64 DER SPKI of the key, when it could be read. */
  publicKey?: string;
  /** Why this key was not split: a sentence naming the field and the fix. */
  error?: string;
}

/** Milliseconds spent in each step over the chunk. */
export interface ChunkTimings {
  read: number;
  split: number;
  encrypt: number;
  encode: number;
  total: number;
}

export interface SplitWrapChunkResult {
  results: ChunkKeyResult[];
  timings?: ChunkTimings;
}

interface PreparedTargets {
  indexes: number[];
  fingerprints: string[];
  keys: CryptoKey[];
}

// One site at a time in practice; a few entries cover switching sites without re-importing.
const PREPARED = new Map<string, Promise<PreparedTargets>>();
const PREPARED_LIMIT = 4;

function targetsKey(targets: readonly WrapTarget[]): string {
  return targets.map((t) => `${t.index}:${t.fingerprint}:${t.spki}`).join('|');
}

async function prepareTargetsOnce(targets: readonly WrapTarget[], threshold: number): Promise<PreparedTargets> {
  if (!Array.isArray(targets) || targets.length === 0) throw new CryptoError('invalid-argument', '"targets": one wrapping key per node is needed, got none', { field: 'targets' });
  if (!Number.isInteger(threshold) || threshold < 1 || threshold >= targets.length) {
    throw new CryptoError('invalid-argument', `"threshold" must be at least 1 and less than the ${targets.length} nodes, got ${String(threshold)}`, { field: 'threshold' });
  }
  const key = targetsKey(targets);
  let prepared = PREPARED.get(key);
  if (prepared === undefined) {
    prepared = prepareTargets(targets);
    if (PREPARED.size >= PREPARED_LIMIT) PREPARED.delete(PREPARED.keys().next().value!);
    PREPARED.set(key, prepared);
    // A refused target set is not remembered: the next chunk tries (and says why) again.
    prepared.catch(() => PREPARED.delete(key));
  }
  return prepared;
}

async function prepareTargets(targets: readonly WrapTarget[]): Promise<PreparedTargets> {
  const sorted = [...targets].sort((a, b) => a.index - b.index);
  const indexes: number[] = [];
  const fingerprints: string[] = [];
  const keys: CryptoKey[] = [];
  for (const [i, target] of sorted.entries()) {
    const field = `targets[node ${target.index}]`;
    if (!Number.isInteger(target.index) || target.index < 1 || target.index > 255) {
      throw new CryptoError('invalid-argument', `${field}: a node index is 1–255, got ${String(target.index)}`, { field });
    }
    if (i > 0 && sorted[i - 1]!.index === target.index) throw new CryptoError('invalid-argument', `${field}: node ${target.index} is given twice`, { field });
    const parsed = toRsaPublicKey(target.spki, `${field}.spki`);
    const actual = fingerprint(parsed.der);
    if (actual !== target.fingerprint.toLowerCase()) {
      throw new CryptoError('verification-failed', `${field}: the wrapping key's fingerprint is ${actual}, not the ${target.fingerprint} expected; reload the site's wrapping keys`, { field });
    }
    if (fingerprints.includes(actual)) {
      throw new CryptoError('invalid-argument', `${field}: node ${target.index} has the same wrapping key as node ${sorted[fingerprints.indexOf(actual)]!.index}; each node needs its own`, { field });
    }
    indexes.push(target.index);
    fingerprints.push(actual);
    keys.push(await importRsaEncryptKeyCached(parsed));
  }
  return { indexes, fingerprints, keys };
}

// A curve's SPKI is a fixed header followed by the public key's bytes (its length is fixed per
// curve), so after the first key of a curve the header is reused rather than DER-encoded anew
// (encodeSpki also re-decodes the point; the reader has just derived it, so it is valid).
const SPKI_HEADERS = new Map<string, { header: Uint8Array; pointBytes: number }>();

function spkiOf(curve: Curve, point: Uint8Array): Uint8Array {
  const known = SPKI_HEADERS.get(curve.name);
  if (known !== undefined && known.pointBytes === point.length) {
    const out = new Uint8Array(known.header.length + point.length);
    out.set(known.header);
    out.set(point, known.header.length);
    return out;
  }
  const spki = encodeSpki(curve, point);
  SPKI_HEADERS.set(curve.name, { header: spki.slice(0, spki.length - point.length), pointBytes: point.length });
  return spki;
}

function chainCodeOf(item: BulkKeyInput, key: PrivateKey): Uint8Array | undefined {
  if (item.chainCode === undefined || item.chainCode === '') return key.chainCode;
  const given = fromHex(item.chainCode.trim(), 'chainCode');
  if (given.length !== 32) throw new CryptoError('invalid-argument', `chainCode: expected 32 bytes (64 hex digits), got ${given.length}`, { field: 'chainCode' });
  if (key.chainCode !== undefined) throw new CryptoError('invalid-argument', 'chainCode: the key already carries its chain code (xprv); leave chainCode out', { field: 'chainCode' });
  return given;
}

function sentence(error: unknown): string {
  if (isCryptoError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export async function splitWrapChunk(request: SplitWrapChunkRequest): Promise<SplitWrapChunkResult> {
  const started = performance.now();
  const timings: ChunkTimings = { read: 0, split: 0, encrypt: 0, encode: 0, total: 0 };
  const targets = await prepareTargetsOnce(request.targets, request.threshold);
  const n = targets.keys.length;
  const t = request.threshold;
  const results: ChunkKeyResult[] = [];
  for (const item of request.items) {
    const keyId = typeof item?.keyId === 'string' ? item.keyId : '';
    let key: PrivateKey | undefined;
    let chainCode: Uint8Array | undefined;
    let shares: { index: number; value: Uint8Array }[] = [];
    try {
      let mark = performance.now();
      key = parsePrivateKey(item.key, {}, 'key');
      checkKeyId(keyId);
      chainCode = chainCodeOf(item, key);
      let now = performance.now();
      timings.read += now - mark;
      mark = now;

      const curve = getCurve(key.curve);
      shares = splitShares(curve, key.scalar, { n, t });
      now = performance.now();
      timings.split += now - mark;
      mark = now;

      // Every encryption of the key at once: Web Crypto may run them side by side.
      const wrapped = await Promise.all(
        shares.map((share, i) =>
          Promise.all([rsaOaepEncryptWith(targets.keys[i]!, share.value), chainCode === undefined ? undefined : rsaOaepEncryptWith(targets.keys[i]!, chainCode)]),
        ),
      );
      now = performance.now();
      timings.encrypt += now - mark;
      mark = now;

      const bundleShares: BundleShare[] = wrapped.map(([wrappedShare, wrappedChainCode], i) => {
        const entry: BundleShare = { index: targets.indexes[i]!, wrappingKeyFingerprint: targets.fingerprints[i]!, algorithm: SHARE_ALGORITHM, wrappedShare };
        if (wrappedChainCode !== undefined) entry.wrappedChainCode = wrappedChainCode;
        return entry;
      });
      const spki = spkiOf(curve, key.publicKey);
      const bundle: Bundle = { format: BUNDLE_FORMAT, curve: curve.name, threshold: t, publicKey: spki, keyId, shares: bundleShares };
      results.push({ keyId, bundle, publicKey: toBase64(spki) });
      timings.encode += performance.now() - mark;
    } catch (error) {
      const why = key === undefined ? 'is not a private key Keyferry reads' : 'could not be split and wrapped';
      const result: ChunkKeyResult = { keyId, error: `${String(item?.source)}: key ${keyId} ${why}: ${sentence(error)}` };
      if (key !== undefined) result.publicKey = toBase64(spkiOf(getCurve(key.curve), key.publicKey));
      results.push(result);
    } finally {
      for (const s of shares) wipe(s.value);
      // The item's own chain code is a fresh array; one from the key is wiped with the key.
      if (chainCode !== key?.chainCode) wipe(chainCode);
      if (key !== undefined) wipe(key.scalar, key.seed, key.chainCode);
    }
  }
  timings.total = performance.now() - started;
  return request.profile === true ? { results, timings } : { results };
}

/** The byte buffers of a chunk's results, to transfer back rather than copy. */
export function resultBuffers(results: readonly ChunkKeyResult[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (bytes: Uint8Array | undefined) => {
    // Only whole, unshared buffers: transferring a view's buffer would take its neighbours too.
    if (bytes !== undefined && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) buffers.add(bytes.buffer);
  };
  for (const r of results) {
    if (r.bundle === undefined) continue;
    add(r.bundle.publicKey);
    for (const s of r.bundle.shares) {
      add(s.wrappedShare);
      add(s.wrappedChainCode);
    }
  }
  return [...buffers];
}
