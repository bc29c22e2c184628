// keyferry byok: wrap a key for import into a cloud KMS (IBM Key Protect, AWS KMS, Google
// Cloud KMS, Azure Key Vault, Vault/OpenBao transit), all on this machine, and write the
// file the target's own tool takes (the next command on stderr). The key is a file, or a
// site's key exported to an RSA key pair (--from-site) and recombined in memory only.
// The compatibility check runs before any wrapping; an expired IBM token before any work.
import { fromBase64, fromHex, wipe } from '../../crypto/bytes.ts';
import { BYOK_ALGORITHMS, BYOK_DEFAULT_ALGORITHM, BYOK_TARGETS, byokWrap, importTokenProblem, parseImportToken, type ByokInput } from '../../crypto/byok.ts';
import { assertByokCompatible, materialOfPrivateKey, type ByokMaterial } from '../../crypto/byok-compat.ts';
import { nativeArtifact, type NativeContext } from '../../crypto/byok-native.ts';
import { readRsaKeyMaterial, type RsaKeyMaterial } from '../../crypto/byok-rsa-key.ts';
import { encodePkcs8 } from '../../crypto/private-key/pkcs8.ts';
import type { PrivateKey } from '../../crypto/private-key/types.ts';
import { asciiText, parseWrappingKey } from '../../crypto/public-key.ts';
import { oneOf, parse, required } from '../args.ts';
import { exportSiteKey, openSiteKey, siteKeyMaterial } from '../byok-from-site.ts';
import { writeArtifact } from '../byok-output.ts';
import { about } from '../context.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { readInput, readText, writeOutput } from '../io.ts';
import { keyOptions, readPrivateKey } from './read-key.ts';

export const byokHelp = `Usage: keyferry byok --target ibm|aws|gcp|azure|vault (--key <file> | --from-site <site> --key-id <id> --unwrapping-key <file>) [options]

Wraps a key for import into a cloud KMS and writes the file the target's tool takes
(aws, gcp: binary; azure: the .byok; vault, ibm: the request body JSON); the command that
imports it goes to stderr. Private keys (EC, Ed25519 seeds, RSA PKCS#8/PKCS#1) are sent as PKCS#8 DER; with --symmetric or
--hmac the key file is raw key bytes (hex, base64 or binary) — always so for ibm.

  --target <t>            ${BYOK_TARGETS.join(', ')}
  --wrapping-key <file>   the KMS's RSA public key (not needed for ibm with --import-token)
  --key <file|->          the key to send
  --from-site <site>      instead: the key --key-id of this site (profile or local name),
  --key-id <id>           exported to the RSA key pair --unwrapping-key (its public half
  --unwrapping-key <file> must be on every node's export whitelist); never written to disk
  --import-token <file>   ibm: the JSON of GET /api/v2/import_token (public key + nonce)
  --algorithm <name>      aws: ${BYOK_ALGORITHMS.aws.join(', ')}
                          (default RSA_AES_KEY_WRAP_SHA_256; RSAES_OAEP_SHA_256 for AES/HMAC)
                          gcp: ${BYOK_ALGORITHMS.gcp.join(', ')}
  --kek-id <kid>          azure: the Key Vault key ID of the key-exchange key
  --symmetric | --hmac    the key file is a raw AES | HMAC key
  --curve, --ed25519-hex  as for split, for bare hex private keys
  --out <file>            write the file here (default stdout; binary needs --out or a pipe)
  --json                  print the Keyferry envelope {target, algorithm, wrappingKeyFingerprint, payload} instead
  --key-name, --vault-name, --import-job, --location, --keyring, --mount, --ibm-instance, --region
                          fill these into the next command (placeholders otherwise)`;

function rawMaterial(data: Uint8Array): Uint8Array {
  const text = asciiText(data)?.trim();
  if (text === undefined) return data.slice();
  if (/^(0x)?[0-9a-fA-F]+$/.test(text)) return fromHex(text, '--key');
  return fromBase64(text, '--key');
}

/** An RSA private key file (PKCS#8 or PKCS#1), or undefined for any other key. */
function rsaFromFile(file: string): RsaKeyMaterial | undefined {
  const data = readInput(file, 'key file');
  try {
    return readRsaKeyMaterial(data, '--key');
  } finally {
    data.fill(0);
  }
}

const CONTEXT_FLAGS = {
  'key-name': 'keyName',
  'vault-name': 'vaultName',
  'import-job': 'importJob',
  location: 'location',
  keyring: 'keyRing',
  mount: 'vaultMount',
  'ibm-instance': 'ibmInstance',
  region: 'region',
} as const satisfies Record<string, keyof NativeContext>;

export async function byokCommand(argv: string[]): Promise<void> {
  const { values } = parse(
    argv,
    {
      ...keyOptions,
      target: { type: 'string' },
      'wrapping-key': { type: 'string' },
      key: { type: 'string' },
      'from-site': { type: 'string' },
      'key-id': { type: 'string' },
      'unwrapping-key': { type: 'string' },
      'import-token': { type: 'string' },
      algorithm: { type: 'string' },
      'kek-id': { type: 'string' },
      symmetric: { type: 'boolean' },
      hmac: { type: 'boolean' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      ...Object.fromEntries(Object.keys(CONTEXT_FLAGS).map((k) => [k, { type: 'string' as const }])),
    },
    'byok',
  );
  if (values.help) return writeOutput(undefined, `${byokHelp}\n`);
  const target = required(oneOf(values.target, BYOK_TARGETS, '--target', 'byok'), '--target', 'byok');
  const fromSite = values['from-site'] as string | undefined;
  const keyFile = values.key as string | undefined;
  if (fromSite === undefined && keyFile === undefined) throw new CliError('byok: give --key <file>, or --from-site <site> with --key-id and --unwrapping-key', EXIT_USAGE);
  if (fromSite !== undefined && keyFile !== undefined) throw new CliError('byok: give either --key or --from-site, not both', EXIT_USAGE);
  const input: Partial<ByokInput> & { target: typeof target } = { target };
  const algorithm = (values.algorithm as string | undefined) ?? undefined;
  if (algorithm !== undefined) input.algorithm = algorithm;
  if (values['kek-id'] !== undefined) input.kekId = values['kek-id'] as string;
  if (values['import-token'] !== undefined) {
    const file = values['import-token'] as string;
    const token = await about(`--import-token ${file}`, () => parseImportToken(readText(file, '--import-token')));
    const expired = importTokenProblem(token);
    if (expired) throw new CliError(`--import-token ${file}: ${expired}`);
    input.importToken = token;
  }
  if (values['wrapping-key'] !== undefined) {
    const file = values['wrapping-key'] as string;
    const data = readInput(file, '--wrapping-key');
    input.wrappingKey = await about(`--wrapping-key ${file}`, () => parseWrappingKey(data, 'wrapping key'));
  } else if (!input.importToken) {
    throw new CliError(`byok: --wrapping-key is required for ${target}${target === 'ibm' ? ' (or give --import-token)' : ''}`, EXIT_USAGE);
  }
  // AWS wraps AES and HMAC keys only with RSAES_OAEP_*; the default method is for private keys.
  const check = (m: ByokMaterial) => {
    if (input.algorithm === undefined && target === 'aws' && (m.kind === 'symmetric' || m.kind === 'hmac')) input.algorithm = 'RSAES_OAEP_SHA_256';
    const method = input.algorithm ?? BYOK_DEFAULT_ALGORITHM[target];
    return about(`byok ${target}`, () => assertByokCompatible(target, method, m));
  };

  let material: ByokMaterial;
  let key: PrivateKey | undefined;
  let rsa: RsaKeyMaterial | undefined;
  try {
    if (fromSite !== undefined) {
      const keyId = required(values['key-id'] as string | undefined, '--key-id', 'byok');
      const unwrapping = required(values['unwrapping-key'] as string | undefined, '--unwrapping-key', 'byok');
      const source = await openSiteKey(fromSite, keyId, unwrapping);
      material = siteKeyMaterial(source.summary);
      await check(material);
      key = await exportSiteKey(source);
      input.material = encodePkcs8(key);
    } else if (values.symmetric || values.hmac || target === 'ibm') {
      const data = readInput(keyFile!, '--key');
      input.material = await about(`--key ${keyFile}`, () => rawMaterial(data));
      data.fill(0);
      material = { kind: values.hmac ? 'hmac' : 'symmetric', bytes: input.material.length };
      await check(material);
    } else if ((rsa = await about(`--key ${keyFile}`, () => rsaFromFile(keyFile!)))) {
      input.material = rsa.pkcs8;
      material = rsa.material;
      await check(material);
    } else {
      key = await readPrivateKey(keyFile!, values as { curve?: string; 'ed25519-hex'?: string }, 'byok');
      material = materialOfPrivateKey(key);
      await check(material);
      input.material = await about(`--key ${keyFile}`, () => encodePkcs8(key!));
    }
  } finally {
    if (key) wipe(key.scalar, key.seed, key.chainCode);
  }
  try {
    const out = await about(`byok ${target}`, () => byokWrap(input as ByokInput));
    if (values.json) return writeOutput(values.out as string | undefined, `${JSON.stringify(out, null, 2)}\n`);
    const context: NativeContext = {};
    for (const [flag, field] of Object.entries(CONTEXT_FLAGS)) {
      const v = (values as Record<string, unknown>)[flag] as string | undefined;
      if (v !== undefined) context[field] = v;
    }
    if (input.kekId !== undefined) context.kekId = input.kekId;
    const outFile = values.out as string | undefined;
    if (outFile !== undefined && outFile !== '-') context.fileName = outFile;
    const artifact = await about(`byok ${target}`, () => nativeArtifact(out, material, context));
    writeArtifact(artifact, outFile);
  } finally {
    wipe(input.material);
  }
}
