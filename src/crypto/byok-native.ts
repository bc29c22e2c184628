// The file each cloud KMS's own tool takes, made from a byokWrap result, and the command
// that imports it, filled in as far as the caller knows (placeholders like <key-id>
// otherwise). Formats as the vendors document them:
//   aws   — the binary EncryptedKeyMaterial for `aws kms import-key-material … fileb://…`
//   gcp   — the binary wrapped key for `gcloud kms keys versions import --wrapped-key-file`
//   azure — the .byok JSON itself for `az keyvault key import --byok-file`
//   vault — the JSON request body of transit/keys/<name>/import, with its key `type`
//   ibm   — the JSON body of POST /api/v2/keys (resources[0]: payload, encryptedNonce, iv…)
import type { ByokOutput } from './byok.ts';
import type { ByokMaterial } from './byok-compat.ts';
import { fromBase64, utf8 } from './bytes.ts';
import { CryptoError } from './errors.ts';

export interface NativeContext {
  keyName?: string;
  kekId?: string;
  importJob?: string;
  location?: string;
  keyRing?: string;
  vaultMount?: string;
  ibmInstance?: string;
  region?: string;
  /** Azure: the Key Vault (or, for AES, Managed HSM) name. */
  vaultName?: string;
  /** The name the artifact is saved under, when the caller picks it (e.g. the CLI's --out). */
  fileName?: string;
}

export interface NativeArtifact {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
  nextCommand: string;
}

/** A value as one shell word: a <placeholder> as is, a plainly safe word bare, anything else single-quoted. */
function sh(value: string): string {
  if (/^<[^<>']+>$/.test(value) || /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function json(doc: unknown): Uint8Array {
  return utf8(`${JSON.stringify(doc, null, 2)}\n`);
}

/** The transit key `type` for this material (Vault's key types list). */
export function vaultKeyType(material: ByokMaterial): string {
  switch (material.kind) {
    case 'ec':
      if (material.curve === 'P-256') return 'ecdsa-p256';
      if (material.curve === 'P-384') return 'ecdsa-p384';
      break;
    case 'ed25519':
      return 'ed25519';
    case 'rsa':
      return `rsa-${material.bits}`;
    case 'symmetric':
      if (material.bytes === 16) return 'aes128-gcm96';
      if (material.bytes === 32) return 'aes256-gcm96';
      break;
    case 'hmac':
      return 'hmac';
  }
  throw new CryptoError('unsupported-algorithm', 'Vault/OpenBao transit has no key type for this material; check it with byokProblem first', { field: 'material' });
}

const GCP_HMAC: Record<number, string> = { 20: 'hmac-sha1', 28: 'hmac-sha224', 32: 'hmac-sha256', 48: 'hmac-sha384', 64: 'hmac-sha512' };

/** The --algorithm of `gcloud kms keys versions import` for this material, or a placeholder naming the choice. */
export function gcpKeyAlgorithm(material: ByokMaterial): string {
  switch (material.kind) {
    case 'ec':
      return { secp256k1: 'ec-sign-secp256k1-sha256', 'P-256': 'ec-sign-p256-sha256', 'P-384': 'ec-sign-p384-sha384' }[material.curve];
    case 'ed25519':
      return 'ec-sign-ed25519';
    case 'rsa':
      // Sign or decrypt, PSS or PKCS#1: the key's purpose decides, which the material does not say.
      return `<the key's algorithm, e.g. rsa-sign-pss-${material.bits}-sha256>`;
    case 'symmetric':
      return material.bytes === 32 ? 'google-symmetric-encryption' : `aes-${material.bytes * 8}-gcm`;
    case 'hmac':
      return GCP_HMAC[material.bytes] ?? '<hmac-sha256>';
  }
}

/** az keyvault key import's --kty (and --curve) for this material. */
function azureKeyType(material: ByokMaterial): string {
  switch (material.kind) {
    case 'ec':
      return `--kty EC-HSM --curve ${material.curve === 'secp256k1' ? 'P-256K' : material.curve}`;
    case 'rsa':
      return '--kty RSA-HSM';
    case 'symmetric':
      return '--kty oct-HSM';
    default:
      return '--kty <key-type>';
  }
}

function base64Field(out: ByokOutput, name: string): Uint8Array {
  const v = out.payload[name];
  if (typeof v !== 'string') throw new CryptoError('invalid-argument', `"out.payload.${name}" is missing: pass the result of byokWrap for ${out.target}`, { field: 'out' });
  return fromBase64(v, `out.payload.${name}`);
}

/** The file the target's own tool takes, and the next command filled in as far as known (placeholders like <key-id> otherwise). */
export function nativeArtifact(out: ByokOutput, material: ByokMaterial, context: NativeContext = {}): NativeArtifact {
  const c = context;
  const key = sh(c.keyName ?? '<key-name>');
  switch (out.target) {
    case 'aws': {
      const fileName = c.fileName ?? 'EncryptedKeyMaterial.bin';
      const region = c.region ? ` --region ${sh(c.region)}` : '';
      return {
        fileName,
        mediaType: 'application/octet-stream',
        bytes: base64Field(out, 'EncryptedKeyMaterial'),
        nextCommand:
          `aws kms import-key-material --key-id ${sh(c.keyName ?? '<key-id>')} --encrypted-key-material fileb://${sh(fileName)} ` +
          `--import-token fileb://<ImportToken.bin> --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE${region}`,
      };
    }
    case 'gcp': {
      const fileName = c.fileName ?? 'wrapped-key.bin';
      return {
        fileName,
        mediaType: 'application/octet-stream',
        bytes: base64Field(out, 'wrappedKey'),
        nextCommand:
          `gcloud kms keys versions import --import-job ${sh(c.importJob ?? '<import-job>')} --location ${sh(c.location ?? '<location>')} ` +
          `--keyring ${sh(c.keyRing ?? '<key-ring>')} --key ${key} --algorithm ${sh(gcpKeyAlgorithm(material))} --wrapped-key-file ${sh(fileName)}`,
      };
    }
    case 'azure': {
      const fileName = c.fileName ?? `${c.keyName ?? 'key'}.byok`;
      const where = material.kind === 'symmetric' ? `--hsm-name ${sh(c.vaultName ?? '<hsm-name>')}` : `--vault-name ${sh(c.vaultName ?? '<vault-name>')}`;
      return {
        fileName,
        mediaType: 'application/json',
        bytes: json(out.payload),
        nextCommand: `az keyvault key import ${where} --name ${key} --byok-file ${sh(fileName)} ${azureKeyType(material)}`,
      };
    }
    case 'vault': {
      const fileName = c.fileName ?? 'import-body.json';
      const body = { ...out.payload, type: vaultKeyType(material) };
      const mount = (c.vaultMount ?? 'transit').replace(/^\/+|\/+$/g, '');
      return {
        fileName,
        mediaType: 'application/json',
        bytes: json(body),
        nextCommand: `vault write ${sh(`${mount}/keys/${c.keyName ?? '<key-name>'}/import`)} @${sh(fileName)}`,
      };
    }
    case 'ibm': {
      const fileName = c.fileName ?? 'key-body.json';
      const keyType = 'application/vnd.ibm.kms.key+json';
      const body = {
        metadata: { collectionType: keyType, collectionTotal: 1 },
        resources: [{ type: keyType, name: c.keyName ?? '<key-name>', extractable: false, ...out.payload }],
      };
      const host = `https://${c.region ?? '<region>'}.kms.cloud.ibm.com/api/v2/keys`;
      return {
        fileName,
        mediaType: 'application/json',
        bytes: json(body),
        nextCommand:
          `curl -X POST ${sh(host)} -H 'authorization: Bearer <IAM_token>' -H ${sh(`bluemix-instance: ${c.ibmInstance ?? '<instance_ID>'}`)} ` +
          `-H 'content-type: ${keyType}' -d @${sh(fileName)}`,
      };
    }
  }
}
