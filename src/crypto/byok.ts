// Bring-your-own-key payloads for cloud KMS import, produced entirely on the client
// (DESIGN.md "BYOK targets"). Each target gets the wrapping its KMS documents:
//   ibm   — Key Protect import token: OAEP-SHA256(material) + AES-GCM(material, token nonce)
//   aws   — RSAES_OAEP_SHA_{1,256} or RSA_AES_KEY_WRAP_SHA_{1,256}
//   gcp   — import job methods rsa-oaep-{3072,4096}-sha{1,256}[-aes-256]
//   azure — .byok JSON, CKM_RSA_AES_KEY_WRAP with OAEP-SHA-1
//   vault — transit import: base64(OAEP-SHA256(AES key) ‖ KWP(material))
// Key material is the raw bytes of a symmetric key, or a private key as PKCS#8 DER.
import { abytes, astring } from './_guards.ts';
import { fromBase64, toBase64, toBase64Url } from './bytes.ts';
import { aesGcmEncrypt } from './aes-gcm.ts';
import { CryptoError, isCryptoError } from './errors.ts';
import { fingerprint } from './public-key.ts';
import { randomBytes, type Rng } from './random.ts';
import { rsaAesWrap } from './rsa-aes-wrap.ts';
import { rsaOaepEncrypt, toRsaPublicKey, type OaepHash, type RsaPublicKey } from './rsa-oaep.ts';

export const BYOK_TARGETS = ['ibm', 'aws', 'gcp', 'azure', 'vault'] as const;
export type ByokTarget = (typeof BYOK_TARGETS)[number];

type Scheme = { wrap: 'oaep' | 'rsa-aes'; hash: OaepHash; rsaBits?: number };

const AWS_ALGORITHMS: Record<string, Scheme> = {
  RSAES_OAEP_SHA_256: { wrap: 'oaep', hash: 'SHA-256' },
  RSAES_OAEP_SHA_1: { wrap: 'oaep', hash: 'SHA-1' },
  RSA_AES_KEY_WRAP_SHA_256: { wrap: 'rsa-aes', hash: 'SHA-256' },
  RSA_AES_KEY_WRAP_SHA_1: { wrap: 'rsa-aes', hash: 'SHA-1' },
};

const GCP_ALGORITHMS: Record<string, Scheme> = {
  'rsa-oaep-3072-sha1-aes-256': { wrap: 'rsa-aes', hash: 'SHA-1', rsaBits: 3072 },
  'rsa-oaep-4096-sha1-aes-256': { wrap: 'rsa-aes', hash: 'SHA-1', rsaBits: 4096 },
  'rsa-oaep-3072-sha256-aes-256': { wrap: 'rsa-aes', hash: 'SHA-256', rsaBits: 3072 },
  'rsa-oaep-4096-sha256-aes-256': { wrap: 'rsa-aes', hash: 'SHA-256', rsaBits: 4096 },
  'rsa-oaep-3072-sha256': { wrap: 'oaep', hash: 'SHA-256', rsaBits: 3072 },
  'rsa-oaep-4096-sha256': { wrap: 'oaep', hash: 'SHA-256', rsaBits: 4096 },
};

export const BYOK_ALGORITHMS: Record<ByokTarget, readonly string[]> = {
  ibm: ['RSAES_OAEP_SHA_256'],
  aws: Object.keys(AWS_ALGORITHMS),
  gcp: Object.keys(GCP_ALGORITHMS),
  azure: ['CKM_RSA_AES_KEY_WRAP'],
  vault: ['RSA_AES_KEY_WRAP_SHA_256'],
};

/** The method used when none is given. */
export const BYOK_DEFAULT_ALGORITHM: Record<ByokTarget, string> = {
  ibm: 'RSAES_OAEP_SHA_256',
  aws: 'RSA_AES_KEY_WRAP_SHA_256',
  gcp: 'rsa-oaep-3072-sha256-aes-256',
  azure: 'CKM_RSA_AES_KEY_WRAP',
  vault: 'RSA_AES_KEY_WRAP_SHA_256',
};

const FIXED_SCHEMES: Record<'ibm' | 'azure' | 'vault', Scheme> = {
  ibm: { wrap: 'oaep', hash: 'SHA-256' },
  azure: { wrap: 'rsa-aes', hash: 'SHA-1' },
  vault: { wrap: 'rsa-aes', hash: 'SHA-256' },
};

export interface ImportToken {
  wrappingKey: RsaPublicKey;
  nonce: Uint8Array;
  /** The token's expirationDate (RFC 3339), when the JSON carries it. */
  expiresAt?: Date;
  /** remainingRetrievals / maxAllowedRetrievals, when the JSON carries them. */
  remainingRetrievals?: number;
  maxAllowedRetrievals?: number;
}

function optionalCount(o: Record<string, unknown>, name: string, field: string): number | undefined {
  const v = o[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new CryptoError('invalid-encoding', `${field}.${name}: expected a whole number, got ${JSON.stringify(v)}`, { field });
  }
  return v;
}

/** An IBM Key Protect import token as returned by GET /api/v2/import_token ({payload, nonce, …}). */
export function parseImportToken(text: string, field = 'importToken'): ImportToken {
  astring(text, field);
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CryptoError('invalid-encoding', `${field}: not JSON; save the response of GET /api/v2/import_token`, { field });
  }
  if (typeof o?.payload !== 'string' || typeof o.nonce !== 'string') {
    throw new CryptoError('invalid-encoding', `${field}: expected "payload" (public key) and "nonce" strings`, { field });
  }
  // The payload is the PEM public key, base64-encoded once more; accept plain PEM or DER base64 too.
  let wrappingKey: RsaPublicKey;
  try {
    wrappingKey = toRsaPublicKey(o.payload, `${field}.payload`);
  } catch (e) {
    // Only a payload that is not a key in a form we read directly is tried as base64(PEM).
    if (!isCryptoError(e) || e.code !== 'unsupported-format') throw e;
    wrappingKey = toRsaPublicKey(new TextDecoder().decode(fromBase64(o.payload, `${field}.payload`)), `${field}.payload`);
  }
  const token: ImportToken = { wrappingKey, nonce: fromBase64(o.nonce, `${field}.nonce`) };
  if (o.expirationDate !== undefined && o.expirationDate !== null) {
    const at = typeof o.expirationDate === 'string' ? new Date(o.expirationDate) : undefined;
    if (!at || Number.isNaN(at.getTime())) {
      throw new CryptoError('invalid-encoding', `${field}.expirationDate: expected an RFC 3339 date, got ${JSON.stringify(o.expirationDate)}`, { field });
    }
    token.expiresAt = at;
  }
  const remaining = optionalCount(o, 'remainingRetrievals', field);
  if (remaining !== undefined) token.remainingRetrievals = remaining;
  const max = optionalCount(o, 'maxAllowedRetrievals', field);
  if (max !== undefined) token.maxAllowedRetrievals = max;
  return token;
}

/**
 * Why a Key Protect import token can no longer be used, or undefined. An expired token's
 * key and nonce are rejected by POST /api/v2/keys, so nothing is wrapped for it.
 * (remainingRetrievals counts further GETs of the token; 0 on a token already in hand,
 * the default for a single-use token, does not stop this import.)
 */
export function importTokenProblem(token: ImportToken, now: Date = new Date()): string | undefined {
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) {
    return `The import token expired at ${token.expiresAt.toISOString()}; create a new one (POST /api/v2/import_token), retrieve it (GET /api/v2/import_token) and wrap again.`;
  }
  return undefined;
}

export interface ByokInput {
  target: ByokTarget;
  /** The KMS's public wrapping key (or, for ibm, take it from importToken). */
  wrappingKey?: RsaPublicKey | string | Uint8Array;
  /** Symmetric key bytes, or PKCS#8 DER of a private key. */
  material: Uint8Array;
  algorithm?: string;
  importToken?: ImportToken;
  /** Azure: the key ID (kid) of the Key Vault KEK the blob is for. */
  kekId?: string;
  rng?: Rng;
  /** The time an IBM import token's expiry is checked against (default: now). */
  now?: Date;
}

export interface ByokOutput {
  target: ByokTarget;
  algorithm: string;
  wrappingKeyFingerprint: string;
  /** The document to hand to the KMS (or to its CLI); base64 fields as each KMS expects. */
  payload: Record<string, unknown>;
}

function pickScheme(target: ByokTarget, algorithm: string): Scheme {
  const table = target === 'aws' ? AWS_ALGORITHMS : target === 'gcp' ? GCP_ALGORITHMS : undefined;
  const scheme = table
    ? Object.hasOwn(table, algorithm) ? table[algorithm] : undefined
    : algorithm === BYOK_DEFAULT_ALGORITHM[target] ? FIXED_SCHEMES[target as 'ibm' | 'azure' | 'vault'] : undefined;
  if (!scheme) {
    throw new CryptoError('unsupported-algorithm', `"algorithm" for ${target} must be one of ${BYOK_ALGORITHMS[target].join(', ')}; got "${algorithm}"`, { field: 'algorithm' });
  }
  return scheme;
}

export async function byokWrap(input: ByokInput): Promise<ByokOutput> {
  const target = input.target;
  if (!(BYOK_TARGETS as readonly string[]).includes(target)) {
    throw new CryptoError('invalid-argument', `"target" must be one of ${BYOK_TARGETS.join(', ')}, got "${String(target)}"`, { field: 'target' });
  }
  const material = abytes(input.material, 'material').slice();
  const algorithm = input.algorithm ?? BYOK_DEFAULT_ALGORITHM[target];
  const scheme = pickScheme(target, algorithm);
  const rawKey = input.wrappingKey ?? input.importToken?.wrappingKey;
  if (rawKey === undefined) throw new CryptoError('invalid-argument', `"wrappingKey" is required for ${target}`, { field: 'wrappingKey' });
  const key = toRsaPublicKey(rawKey);
  if (scheme.rsaBits !== undefined && key.bits !== scheme.rsaBits) {
    throw new CryptoError('invalid-argument', `${algorithm} needs a ${scheme.rsaBits}-bit import-job key, got ${key.bits} bits`, { field: 'wrappingKey' });
  }
  if (target === 'ibm' && ![16, 24, 32].includes(material.length)) {
    throw new CryptoError('invalid-argument', `Key Protect imports AES keys of 16, 24 or 32 bytes; the material is ${material.length} bytes`, { field: 'material' });
  }
  if (target === 'ibm' && !input.importToken) {
    throw new CryptoError('invalid-argument', '"importToken" is required for ibm (its nonce must be encrypted)', { field: 'importToken' });
  }
  const expired = target === 'ibm' ? importTokenProblem(input.importToken!, input.now) : undefined;
  if (expired) throw new CryptoError('invalid-argument', expired, { field: 'importToken' });
  const kekId = input.kekId === undefined ? undefined : astring(input.kekId, 'kekId').trim();
  if (target === 'azure' && !kekId) {
    throw new CryptoError('invalid-argument', '"kekId" is required for azure: the Key Vault key ID of the KEK (…/keys/<name>/<version>)', { field: 'kekId' });
  }
  const rng = input.rng ?? randomBytes;
  const wrapped = scheme.wrap === 'oaep' ? await rsaOaepEncrypt(key, material, scheme.hash) : await rsaAesWrap(key, material, scheme.hash, rng);
  const base = { target, algorithm, wrappingKeyFingerprint: fingerprint(key.der) };
  switch (target) {
    case 'ibm': {
      const { iv, ciphertext } = await aesGcmEncrypt(material, input.importToken!.nonce, rng);
      return { ...base, payload: { payload: toBase64(wrapped), encryptedNonce: toBase64(ciphertext), iv: toBase64(iv), encryptionAlgorithm: algorithm } };
    }
    case 'aws':
      return { ...base, payload: { WrappingAlgorithm: algorithm, EncryptedKeyMaterial: toBase64(wrapped) } };
    case 'gcp':
      return { ...base, payload: { importMethod: algorithm, wrappedKey: toBase64(wrapped) } };
    case 'azure': {
      return {
        ...base,
        payload: { schema_version: '1.0.0', header: { kid: kekId, alg: 'dir', enc: 'CKM_RSA_AES_KEY_WRAP' }, ciphertext: toBase64Url(wrapped), generator: 'keyferry' },
      };
    }
    case 'vault':
      return { ...base, payload: { ciphertext: toBase64(wrapped), hash_function: 'SHA256' } };
  }
}

