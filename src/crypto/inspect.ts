// inspectKey: "what is this key?" for any private or public key text or bytes the core
// understands. It backs the console's Inspect tool and `keyferry inspect`, and never
// returns secret material — only what an operator may safely see and copy.
import { toBase64, wipe } from './bytes.ts';
import { getCurve, type CurveName } from './curves.ts';
import { CryptoError, isCryptoError } from './errors.ts';
import { isUnrecognisedKey, parsePrivateKey } from './private-key/parse.ts';
import type { PrivateKey } from './private-key/types.ts';
import { encodeSpki, fingerprint, MIN_RSA_BITS, parsePublicKey, type PublicKeyInfo } from './public-key.ts';

export interface KeyReport {
  kind: 'private-key' | 'public-key';
  algorithm: 'RSA' | 'EC' | 'Ed25519';
  /** EC / Ed25519 only. */
  curve?: CurveName;
  /** RSA only: modulus size in bits and public exponent. */
  rsaBits?: number;
  rsaExponent?: number;
  /** What the input was detected as, e.g. 'pkcs8-pem', 'sec1-der', 'jwk', 'wif', 'xprv', 'hex', 'spki-pem', 'pkcs1-pem', 'spki-base64'. */
  format: string;
  /** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo. */
  fingerprint: string;
  /** Base64 DER SubjectPublicKeyInfo (EC points uncompressed). */
  spki: string;
  /** Private keys: whether a BIP32 chain code came with the key. */
  chainCode?: boolean;
  /** WIF / BIP32 only. */
  network?: 'mainnet' | 'testnet';
  /** Plain-language remarks an operator should see (e.g. "Ed25519: this is a seed"). */
  notes: string[];
}

export interface InspectOptions {
  /** Needed to read a bare hex scalar whose curve the text cannot reveal; default secp256k1. */
  curve?: CurveName;
  /** Ed25519 bare 32-byte input: seed or scalar (see ParsePrivateKeyOptions). */
  ed25519Hex?: 'seed' | 'scalar';
}

/** Describe any private or public key input; throws CryptoError listing every format tried. */
export async function inspectKey(input: string | Uint8Array, options: InspectOptions = {}): Promise<KeyReport> {
  const data = input instanceof Uint8Array ? input.slice() : input;
  let privateError: CryptoError;
  try {
    const key = parsePrivateKey(data, options);
    try {
      return describePrivateKey(key);
    } finally {
      wipe(key.scalar, key.seed);
    }
  } catch (e) {
    if (!isCryptoError(e)) throw e;
    privateError = e;
  }
  try {
    const { key, format } = parsePublicKey(data, 'key');
    return describePublicKey(key, format);
  } catch (e) {
    if (!isCryptoError(e)) throw e;
    // A private-key reader that recognised the input has the more useful message.
    const best = !isUnrecognisedKey(privateError) || e.code === 'unsupported-format' ? privateError : e;
    const generic = isUnrecognisedKey(best) || (best === e && e.code === 'unsupported-format');
    const tried = [...(privateError.tried ?? [privateError.message]), `public key: ${e.message.replace(/^key: /, '')}`];
    const unknown = 'key: not a private or public key in any supported format; give a PEM block, JWK, WIF, xprv, hex, or base64/binary DER';
    throw new CryptoError(best.code, generic ? unknown : best.message, {
      field: best.field ?? 'key',
      tried,
    });
  }
}

export function describePrivateKey(key: PrivateKey): KeyReport {
  const curve = getCurve(key.curve);
  const spkiDer = encodeSpki(curve, key.publicKey);
  const notes: string[] = [];
  if (key.curve === 'Ed25519') {
    notes.push(
      key.seed
        ? 'Ed25519 seed: Keyferry shares the clamped scalar derived from it; keys exported later come back as that scalar, not this seed.'
        : 'Ed25519 scalar (not a seed): it signs like the original key but cannot be written as PKCS#8 or JWK.',
    );
  }
  if (key.chainCode) notes.push('BIP32 chain code present; it is carried (wrapped) with the key.');
  if (key.compressed === false) notes.push('WIF marked uncompressed.');
  const report: KeyReport = {
    kind: 'private-key',
    algorithm: curve.kind === 'edwards' ? 'Ed25519' : 'EC',
    curve: key.curve,
    format: key.format,
    fingerprint: fingerprint(spkiDer),
    spki: toBase64(spkiDer),
    chainCode: key.chainCode !== undefined,
    notes,
  };
  if (key.network) report.network = key.network;
  return report;
}

export function describePublicKey(key: PublicKeyInfo, format: string): KeyReport {
  const base = { kind: 'public-key' as const, format, fingerprint: fingerprint(key.der), spki: toBase64(key.der) };
  if (key.algorithm === 'RSA') {
    const notes: string[] = [];
    if (key.bits < MIN_RSA_BITS) notes.push(`RSA ${key.bits} bits: refused as a wrapping key (minimum ${MIN_RSA_BITS}).`);
    else if (key.bits < 3072) notes.push(`RSA ${key.bits} bits: accepted as a wrapping key; 3072 or more is recommended.`);
    if (format.startsWith('pkcs1')) notes.push('PKCS#1 RSA PUBLIC KEY converted to SubjectPublicKeyInfo; the fingerprint is of the SPKI.');
    return { ...base, algorithm: 'RSA', rsaBits: key.bits, rsaExponent: key.exponent, notes };
  }
  return { ...base, algorithm: key.algorithm, curve: key.curve, notes: [] };
}
