// What the BYOK page says about each target before anything is wrapped: its name, which
// fields of the next command the operator may fill in, which fresh keys it takes, and the
// warnings a wrapping key of a given size implies for the chosen method. Pure, so tested.
import { BYOK_ALGORITHMS, BYOK_TARGETS, type ByokTarget } from '../../../crypto/byok.ts';
import type { NativeContext } from '../../../crypto/byok-native.ts';
import { byokProblem } from '../../../crypto/byok-compat.ts';
import type { CurveName } from '../../../crypto/curves.ts';

// The page's components take the core's names from here (no .tsx imports the core).
export { BYOK_ALGORITHMS, BYOK_TARGETS, type ByokTarget, type NativeContext };

export const TARGET_NAMES: Record<ByokTarget, string> = {
  ibm: 'IBM Key Protect',
  aws: 'AWS KMS',
  gcp: 'Google Cloud KMS',
  azure: 'Azure Key Vault',
  vault: 'HashiCorp Vault / OpenBao transit',
};

/** The method each target starts on: the one its vendor documents first, SHA-256 where offered. */
export const DEFAULT_METHOD: Record<ByokTarget, string> = {
  ibm: 'RSAES_OAEP_SHA_256',
  aws: 'RSA_AES_KEY_WRAP_SHA_256',
  gcp: 'rsa-oaep-3072-sha256-aes-256',
  azure: 'CKM_RSA_AES_KEY_WRAP',
  vault: 'RSA_AES_KEY_WRAP_SHA_256',
};

export type ContextField = keyof NativeContext;

export interface ContextFieldSpec {
  field: ContextField;
  label: string;
  hint: string;
  required?: boolean;
}

/** The blanks the operator filled in, trimmed; empty ones are left out so they stay placeholders. */
export function filledContext(context: NativeContext): NativeContext {
  const out: NativeContext = {};
  for (const [field, value] of Object.entries(context) as [ContextField, string | undefined][]) {
    const v = value?.trim();
    if (v) out[field] = v;
  }
  return out;
}

/** The next command's blanks the page asks for, per target (left empty, they stay placeholders). */
export const CONTEXT_FIELDS: Record<ByokTarget, readonly ContextFieldSpec[]> = {
  ibm: [
    { field: 'ibmInstance', label: 'Key Protect instance ID', hint: 'The bluemix-instance header of the request.' },
    { field: 'region', label: 'Region', hint: 'e.g. us-south' },
    { field: 'keyName', label: 'Key name', hint: 'The name the imported key gets.' },
  ],
  aws: [
    { field: 'keyName', label: 'KMS key ID', hint: 'The key created with origin EXTERNAL, whose import parameters you downloaded.' },
    { field: 'region', label: 'Region', hint: 'e.g. eu-west-1' },
  ],
  gcp: [
    { field: 'importJob', label: 'Import job', hint: 'The import job whose public key you pasted.' },
    { field: 'location', label: 'Location', hint: 'e.g. global or europe-west1' },
    { field: 'keyRing', label: 'Key ring', hint: '' },
    { field: 'keyName', label: 'Key', hint: 'The key that receives the new version.' },
  ],
  azure: [
    { field: 'kekId', label: 'KEK key ID', hint: 'The Key Vault key ID of the key-exchange key (…/keys/<name>/<version>). Required: it goes into the .byok file.', required: true },
    { field: 'vaultName', label: 'Key Vault (or Managed HSM) name', hint: 'AES keys import into a Managed HSM only.' },
    { field: 'keyName', label: 'Key name', hint: 'The name of the key to import.' },
  ],
  vault: [
    { field: 'vaultMount', label: 'Transit mount', hint: 'Default transit' },
    { field: 'keyName', label: 'Key name', hint: 'transit/keys/<name>/import' },
  ],
};

export interface FreshKeyChoice {
  value: string;
  label: string;
  kind: 'symmetric' | 'hmac';
  bytes: number;
}

const AES: FreshKeyChoice[] = [16, 24, 32].map((bytes) => ({ value: `aes-${bytes * 8}`, label: `AES-${bytes * 8}`, kind: 'symmetric', bytes }));
const HMAC: FreshKeyChoice[] = [28, 32, 48, 64].map((bytes) => ({ value: `hmac-${bytes * 8}`, label: `HMAC key, ${bytes * 8} bits`, kind: 'hmac', bytes }));

/** The fresh keys worth offering per target; the compatibility check still judges the choice. */
export function freshKeyChoices(target: ByokTarget): FreshKeyChoice[] {
  return target === 'aws' ? [...AES, ...HMAC] : AES;
}

/** Warnings a wrapping key of `bits` implies for the target and method (empty when none). */
export function wrappingKeyWarnings(target: ByokTarget, algorithm: string, bits: number): string[] {
  const warnings: string[] = [];
  const wanted = /rsa-oaep-(\d+)-/.exec(algorithm)?.[1];
  if (target === 'gcp' && wanted !== undefined && Number(wanted) !== bits) {
    warnings.push(`${algorithm} needs the import job's ${wanted}-bit key; this key is ${bits} bits. Choose the method the import job was created with.`);
  }
  if (target === 'ibm' && bits !== 4096) warnings.push(`Key Protect import tokens carry a 4096-bit key; this one is ${bits} bits.`);
  if (bits < 3072 && target !== 'gcp') warnings.push(`A ${bits}-bit wrapping key is the smallest the KMSs accept; use 3072 or 4096 bits where the KMS offers them.`);
  if (target === 'aws' && algorithm.startsWith('RSAES_OAEP')) {
    warnings.push(`${algorithm} wraps the key directly, so it carries only short keys (AES, HMAC); RSA private keys need RSA_AES_KEY_WRAP_*.`);
  }
  if (algorithm.includes('SHA_1') || algorithm.includes('sha1') || target === 'azure') {
    warnings.push('This method uses OAEP with SHA-1, as the KMS documents it; choose a SHA-256 method where the KMS offers one.');
  }
  return warnings;
}

/**
 * Why the target cannot take a site's key of this curve, asked before any share is
 * exported (a site's Ed25519 key is a scalar only); undefined when it can. The worker asks
 * again on the recombined key.
 */
export function siteKeyProblem(target: ByokTarget, algorithm: string, curve: CurveName): string | undefined {
  return byokProblem(target, algorithm, curve === 'Ed25519' ? { kind: 'ed25519', form: 'scalar' } : { kind: 'ec', curve });
}
