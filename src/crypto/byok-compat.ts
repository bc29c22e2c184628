// Which key each cloud KMS can import, checked before anything is wrapped, so an
// operator learns "this target cannot take this key, do X" instead of an opaque import
// failure in the cloud console. The tables follow each vendor's import documentation:
//   AWS KMS      — ECC_NIST_P256/P384, ECC_SECG_P256K1, RSA_2048/3072/4096, SYMMETRIC_DEFAULT
//                  (32 bytes), HMAC_224…HMAC_512 (28–128 bytes); RSA private keys only
//                  under RSA_AES_KEY_WRAP_* (one OAEP block is too short for them), and
//                  RSA_AES_KEY_WRAP_* only for RSA and ECC keys (symmetric/HMAC: RSAES_OAEP_*).
//   Google KMS   — ec-sign-p256/p384/secp256k1, ec-sign-ed25519, rsa-* 2048/3072/4096,
//                  aes-128-*/aes-256-*, hmac-sha1/224/256/384/512 (20/28/32/48/64 bytes).
//   Azure        — EC-HSM P-256/P-384/P-256K, RSA-HSM, oct-HSM AES (Managed HSM); no Ed25519.
//   Vault/OpenBao — ecdsa-p256/p384, ed25519, rsa-2048/3072/4096, aes128/256-gcm96, hmac
//                  (32–512 bytes); no secp256k1.
//   IBM Key Protect — AES root keys of 16, 24 or 32 bytes only.
// A site's Ed25519 key exists only as the clamped scalar, while every KMS imports Ed25519
// as an RFC 8410 PKCS#8 seed; the seed cannot be recovered from the scalar.
import type { ByokTarget } from './byok.ts';
import { BYOK_ALGORITHMS } from './byok.ts';
import { CryptoError } from './errors.ts';
import type { PrivateKey } from './private-key/types.ts';

export type ByokMaterial =
  | { kind: 'ec'; curve: 'secp256k1' | 'P-256' | 'P-384' }
  | { kind: 'ed25519'; form: 'seed' | 'scalar' } // a site's Ed25519 key is a scalar only
  | { kind: 'rsa'; bits: number }
  | { kind: 'symmetric'; bytes: number } // AES
  | { kind: 'hmac'; bytes: number };

const KMS_NAME: Record<ByokTarget, string> = {
  aws: 'AWS KMS',
  gcp: 'Google Cloud KMS',
  azure: 'Azure Key Vault',
  vault: 'Vault/OpenBao transit',
  ibm: 'IBM Key Protect',
};

const RSA_BITS = [2048, 3072, 4096];

/** What a parsed EC or Ed25519 private key is, in the terms byokProblem checks. */
export function materialOfPrivateKey(key: PrivateKey): ByokMaterial {
  if (key.curve === 'Ed25519') return { kind: 'ed25519', form: key.seed ? 'seed' : 'scalar' };
  return { kind: 'ec', curve: key.curve };
}

function describe(m: ByokMaterial): string {
  switch (m.kind) {
    case 'ec':
      return `${m.curve} key`;
    case 'ed25519':
      return 'Ed25519 key';
    case 'rsa':
      return `RSA-${m.bits} key`;
    case 'symmetric':
      return `${m.bytes}-byte AES key`;
    case 'hmac':
      return `${m.bytes}-byte HMAC key`;
  }
}

function between(n: number, lo: number, hi: number): boolean {
  return Number.isInteger(n) && n >= lo && n <= hi;
}

/** undefined when the target/method can import it; else one sentence naming why and the fix. */
export function byokProblem(target: ByokTarget, algorithm: string, material: ByokMaterial): string | undefined {
  const kms = KMS_NAME[target];
  if (!kms) return `"${String(target)}" is not a BYOK target; choose one of ${Object.keys(KMS_NAME).join(', ')}.`;
  if (!BYOK_ALGORITHMS[target].includes(algorithm)) {
    return `${kms} has no wrapping method "${algorithm}"; choose one of ${BYOK_ALGORITHMS[target].join(', ')}.`;
  }
  const what = describe(material);
  if (material.kind === 'ed25519' && material.form === 'scalar') {
    return `This Ed25519 key exists only as a scalar (as every site's Ed25519 key does), while ${kms} imports Ed25519 as an RFC 8410 PKCS#8 seed that cannot be recovered from the scalar; import the original seed instead, or use a secp256k1, P-256 or P-384 key.`;
  }
  const plainOaep = algorithm.startsWith('RSAES_OAEP_') || /^rsa-oaep-\d+-sha256$/.test(algorithm);
  if (material.kind === 'rsa' && plainOaep) {
    const fix = target === 'aws' ? 'RSA_AES_KEY_WRAP_SHA_256' : `${algorithm}-aes-256`;
    return `An RSA private key is too long for one ${algorithm} block; use ${fix}, which wraps it under an AES key.`;
  }
  if (material.kind === 'rsa' && target !== 'ibm' && !RSA_BITS.includes(material.bits)) {
    return `${kms} imports RSA keys of 2048, 3072 or 4096 bits, not ${material.bits}; use a key of one of those sizes.`;
  }
  switch (target) {
    case 'ibm':
      if (material.kind === 'symmetric' && [16, 24, 32].includes(material.bytes)) return undefined;
      return `${kms} imports only AES keys of 16, 24 or 32 bytes, not a ${what}; send an AES key, or choose a KMS that imports this key type.`;
    case 'vault':
      if (material.kind === 'ec' && material.curve === 'secp256k1') {
        return `${kms} has no secp256k1 key type (only ecdsa-p256, ecdsa-p384 and ecdsa-p521); choose AWS KMS, Google Cloud KMS or Azure for this key.`;
      }
      if (material.kind === 'symmetric' && ![16, 32].includes(material.bytes)) {
        return `${kms} imports AES keys of 16 (aes128-gcm96) or 32 bytes (aes256-gcm96), not ${material.bytes}; use one of those lengths.`;
      }
      if (material.kind === 'hmac' && !between(material.bytes, 32, 512)) {
        return `${kms} imports HMAC keys of 32 to 512 bytes, not ${material.bytes}; use a key in that range.`;
      }
      return undefined;
    case 'aws':
      if (material.kind === 'ed25519') return `${kms} does not import Ed25519 keys; choose Google Cloud KMS or Vault/OpenBao for this key.`;
      if (material.kind === 'symmetric' && material.bytes !== 32) {
        return `${kms} imports symmetric keys (SYMMETRIC_DEFAULT) of exactly 32 bytes, not ${material.bytes}; use a 256-bit AES key.`;
      }
      if (material.kind === 'hmac' && !between(material.bytes, 28, 128)) {
        return `${kms} imports HMAC keys of 28 to 128 bytes (HMAC_224 to HMAC_512), not ${material.bytes}; use a key in that range.`;
      }
      if ((material.kind === 'symmetric' || material.kind === 'hmac') && algorithm.startsWith('RSA_AES_KEY_WRAP_')) {
        return `${kms} takes ${algorithm} only for RSA and ECC private keys; wrap a ${what} with RSAES_OAEP_SHA_256.`;
      }
      return undefined;
    case 'gcp':
      if (material.kind === 'symmetric' && ![16, 32].includes(material.bytes)) {
        return `${kms} imports AES keys of 16 (aes-128-*) or 32 bytes (aes-256-*), not ${material.bytes}; use one of those lengths.`;
      }
      if (material.kind === 'hmac' && ![20, 28, 32, 48, 64].includes(material.bytes)) {
        return `${kms} imports HMAC keys of 20, 28, 32, 48 or 64 bytes (hmac-sha1 to hmac-sha512), not ${material.bytes}; use one of those lengths.`;
      }
      return undefined;
    case 'azure':
      if (material.kind === 'ed25519') return `${kms} does not import Ed25519 keys; choose Google Cloud KMS or Vault/OpenBao for this key.`;
      if (material.kind === 'hmac') return `${kms} does not import HMAC keys; choose AWS KMS, Google Cloud KMS or Vault/OpenBao for this key.`;
      if (material.kind === 'symmetric' && ![16, 24, 32].includes(material.bytes)) {
        return `Azure Managed HSM imports AES keys (oct-HSM) of 16, 24 or 32 bytes, not ${material.bytes}; use one of those lengths.`;
      }
      return undefined;
  }
}

/** Throws the byokProblem sentence as a CryptoError (field "material"), before any wrapping. */
export function assertByokCompatible(target: ByokTarget, algorithm: string, material: ByokMaterial): void {
  const problem = byokProblem(target, algorithm, material);
  if (problem) throw new CryptoError('unsupported-algorithm', problem, { field: 'material' });
}
