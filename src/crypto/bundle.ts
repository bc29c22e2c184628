// keyferry-bundle/1: the interchange file for a key in transit as wrapped shares
// (DESIGN.md "Bundle format", mirrored in docs/bundle-format.md). Parsing is strict —
// unknown fields, wrong types and inconsistent shares are refused with the JSON path —
// so a bundle that parses is one every Keyferry part will handle the same way.
import { fromBase64, toBase64 } from './bytes.ts';
import { CURVE_NAMES, getCurve, type CurveName } from './curves.ts';
import { CryptoError } from './errors.ts';
import { KEY_ID_PATTERN } from './names.ts';
import { parseSpki } from './public-key.ts';

export const BUNDLE_FORMAT = 'keyferry-bundle/1';
export const SHARE_ALGORITHM = 'RSA-OAEP-SHA256';

export interface BundleShare {
  index: number;
  wrappingKeyFingerprint: string;
  algorithm: typeof SHARE_ALGORITHM;
  wrappedShare: Uint8Array;
  wrappedChainCode?: Uint8Array;
}

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  curve: CurveName;
  threshold: number;
  /** DER SPKI (EC points uncompressed). */
  publicKey: Uint8Array;
  keyId?: string;
  shares: BundleShare[];
}

const TOP_FIELDS = new Set(['format', 'curve', 'threshold', 'publicKey', 'keyId', 'shares']);
const SHARE_FIELDS = new Set(['index', 'wrappingKeyFingerprint', 'algorithm', 'wrappedShare', 'wrappedChainCode']);

function bad(path: string, why: string): never {
  throw new CryptoError('invalid-bundle', `${path}: ${why}`, { field: path });
}

export function checkKeyId(keyId: unknown, field = 'keyId'): string {
  if (typeof keyId !== 'string' || !KEY_ID_PATTERN.test(keyId)) {
    bad(field, 'a key ID is 1–64 characters of A–Z, a–z, 0–9, "_" and "-"');
  }
  return keyId;
}

function onlyKnown(o: Record<string, unknown>, known: Set<string>, path: string): void {
  for (const k of Object.keys(o)) if (!known.has(k)) bad(`${path}.${k}`, 'unknown field (this reader understands keyferry-bundle/1 only)');
}

function b64(value: unknown, path: string): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) bad(path, 'expected a non-empty base64 string');
  try {
    return fromBase64(value, path);
  } catch {
    bad(path, 'not valid base64');
  }
}

/** Validate a bundle object (already in memory); returns it with bytes decoded. */
export function validateBundle(value: unknown, path = 'bundle'): Bundle {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(path, 'expected a JSON object');
  const o = value as Record<string, unknown>;
  onlyKnown(o, TOP_FIELDS, path);
  if (o.format !== BUNDLE_FORMAT) bad(`${path}.format`, `expected "${BUNDLE_FORMAT}", got ${JSON.stringify(o.format)}`);
  if (typeof o.curve !== 'string' || !(CURVE_NAMES as readonly string[]).includes(o.curve)) {
    bad(`${path}.curve`, `expected one of ${CURVE_NAMES.join(', ')}, got ${JSON.stringify(o.curve)}`);
  }
  const curve = o.curve as CurveName;
  if (typeof o.threshold !== 'number' || !Number.isInteger(o.threshold) || o.threshold < 1 || o.threshold > 254) {
    bad(`${path}.threshold`, 'expected an integer from 1 to 254');
  }
  const publicKey = b64(o.publicKey, `${path}.publicKey`);
  let info;
  try {
    info = parseSpki(publicKey, `${path}.publicKey`);
  } catch (e) {
    // parseSpki already names the field in its message.
    throw new CryptoError('invalid-bundle', (e as Error).message, { field: `${path}.publicKey` });
  }
  if (info.algorithm === 'RSA' || info.curve !== curve) bad(`${path}.publicKey`, `is not a ${curve} public key`);
  const bundle: Bundle = { format: BUNDLE_FORMAT, curve, threshold: o.threshold, publicKey: info.der, shares: [] };
  if (o.keyId !== undefined) bundle.keyId = checkKeyId(o.keyId, `${path}.keyId`);
  if (!Array.isArray(o.shares) || o.shares.length === 0) bad(`${path}.shares`, 'expected a non-empty array');
  const seen = new Set<number>();
  for (const [k, raw] of o.shares.entries()) {
    const sp = `${path}.shares[${k}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad(sp, 'expected an object');
    const s = raw as Record<string, unknown>;
    onlyKnown(s, SHARE_FIELDS, sp);
    if (typeof s.index !== 'number' || !Number.isInteger(s.index) || s.index < 1 || s.index > 255) bad(`${sp}.index`, 'expected an integer from 1 to 255');
    if (seen.has(s.index)) bad(`${sp}.index`, `duplicate index ${s.index}`);
    seen.add(s.index);
    if (typeof s.wrappingKeyFingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(s.wrappingKeyFingerprint)) {
      bad(`${sp}.wrappingKeyFingerprint`, 'expected 64 lowercase hex digits (SHA-256 of the wrapping key DER SPKI)');
    }
    if (s.algorithm !== SHARE_ALGORITHM) bad(`${sp}.algorithm`, `expected "${SHARE_ALGORITHM}", got ${JSON.stringify(s.algorithm)}`);
    const share: BundleShare = {
      index: s.index,
      wrappingKeyFingerprint: s.wrappingKeyFingerprint,
      algorithm: SHARE_ALGORITHM,
      wrappedShare: b64(s.wrappedShare, `${sp}.wrappedShare`),
    };
    if (s.wrappedChainCode !== undefined) share.wrappedChainCode = b64(s.wrappedChainCode, `${sp}.wrappedChainCode`);
    bundle.shares.push(share);
  }
  const withChain = bundle.shares.filter((s) => s.wrappedChainCode).length;
  if (withChain !== 0 && withChain !== bundle.shares.length) bad(`${path}.shares`, 'either every share carries wrappedChainCode or none does');
  bundle.shares.sort((a, b) => a.index - b.index);
  getCurve(curve);
  return bundle;
}

export function parseBundle(text: string, path = 'bundle'): Bundle {
  if (typeof text !== 'string') bad(path, 'expected JSON text');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    bad(path, `not JSON (${(e as Error).message})`);
  }
  return validateBundle(value, path);
}

/** The JSON object exactly as DESIGN.md lays it out (field order included). */
export function bundleToJson(bundle: Bundle): Record<string, unknown> {
  const checked = validateBundle(bundleJsonShape(bundle));
  return bundleJsonShape(checked);
}

function bundleJsonShape(bundle: Bundle): Record<string, unknown> {
  const out: Record<string, unknown> = {
    format: bundle.format,
    curve: bundle.curve,
    threshold: bundle.threshold,
    publicKey: bundle.publicKey instanceof Uint8Array ? toBase64(bundle.publicKey) : bundle.publicKey,
  };
  if (bundle.keyId !== undefined) out.keyId = bundle.keyId;
  out.shares = (bundle.shares ?? []).map((s) => {
    const share: Record<string, unknown> = {
      index: s.index,
      wrappingKeyFingerprint: s.wrappingKeyFingerprint,
      algorithm: s.algorithm,
      wrappedShare: s.wrappedShare instanceof Uint8Array ? toBase64(s.wrappedShare) : s.wrappedShare,
    };
    if (s.wrappedChainCode !== undefined) share.wrappedChainCode = toBase64(s.wrappedChainCode);
    return share;
  });
  return out;
}

export function serializeBundle(bundle: Bundle): string {
  return `${JSON.stringify(bundleToJson(bundle), null, 2)}\n`;
}

/** One bundle per share, for sending shares over separate channels. */
export function splitBundle(bundle: Bundle): Bundle[] {
  return bundle.shares.map((share) => ({ ...bundle, shares: [share] }));
}

/** Merge per-share bundles back; headers must match exactly and indices must not repeat. */
export function mergeBundles(parts: readonly Bundle[]): Bundle {
  if (!Array.isArray(parts) || parts.length === 0) bad('bundles', 'expected at least one bundle');
  const first = parts[0]!;
  const header = (b: Bundle) => JSON.stringify([b.format, b.curve, b.threshold, toBase64(b.publicKey), b.keyId ?? null]);
  const shares: BundleShare[] = [];
  for (const [k, part] of parts.entries()) {
    if (header(part) !== header(first)) {
      bad(`bundles[${k}]`, 'curve, threshold, public key or key ID differ from bundles[0]; these shares are not of the same key');
    }
    shares.push(...part.shares);
  }
  return validateBundle(bundleJsonShape({ ...first, shares }), 'merged');
}
