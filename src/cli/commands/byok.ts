// keyferry byok: wrap key material for a cloud KMS import (IBM Key Protect, AWS KMS,
// Google Cloud KMS, Azure Key Vault, Vault/OpenBao transit), all on this machine.
import { fromBase64, fromHex, wipe } from '../../crypto/bytes.ts';
import { BYOK_ALGORITHMS, BYOK_TARGETS, byokWrap, parseImportToken, type ByokInput } from '../../crypto/byok.ts';
import { encodePkcs8 } from '../../crypto/private-key/pkcs8.ts';
import { asciiText, parseWrappingKey } from '../../crypto/public-key.ts';
import { oneOf, parse, required } from '../args.ts';
import { about } from '../context.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { readInput, readText, writeOutput } from '../io.ts';
import { keyOptions, readPrivateKey } from './read-key.ts';

export const byokHelp = `Usage: keyferry byok --target ibm|aws|gcp|azure|vault --key <file> [--wrapping-key <file>] [options]

Wraps key material for import into a cloud KMS. Private keys are sent as PKCS#8 DER;
with --symmetric the key file is raw key bytes (hex, base64 or binary) — always so for ibm.

  --target <t>            ${BYOK_TARGETS.join(', ')}
  --wrapping-key <file>   the KMS's RSA public key (not needed for ibm with --import-token)
  --key <file|->          the key material
  --import-token <file>   ibm: the JSON of GET /api/v2/import_token (public key + nonce)
  --algorithm <name>      aws: ${BYOK_ALGORITHMS.aws.join(', ')}
                          gcp: ${BYOK_ALGORITHMS.gcp.join(', ')}
  --kek-id <kid>          azure: the Key Vault key ID of the key-exchange key
  --symmetric             the key file is a raw symmetric key
  --curve, --ed25519-hex  as for split, for bare hex private keys
  --out <file>            write the JSON payload here (default stdout)`;

function rawMaterial(data: Uint8Array): Uint8Array {
  const text = asciiText(data)?.trim();
  if (text === undefined) return data.slice();
  if (/^(0x)?[0-9a-fA-F]+$/.test(text)) return fromHex(text, '--key');
  return fromBase64(text, '--key');
}

export async function byokCommand(argv: string[]): Promise<void> {
  const { values } = parse(
    argv,
    {
      ...keyOptions,
      target: { type: 'string' },
      'wrapping-key': { type: 'string' },
      key: { type: 'string' },
      'import-token': { type: 'string' },
      algorithm: { type: 'string' },
      'kek-id': { type: 'string' },
      symmetric: { type: 'boolean' },
      out: { type: 'string' },
    },
    'byok',
  );
  if (values.help) return writeOutput(undefined, `${byokHelp}\n`);
  const target = required(oneOf(values.target, BYOK_TARGETS, '--target', 'byok'), '--target', 'byok');
  const keyFile = required(values.key, '--key', 'byok');
  const input: Partial<ByokInput> & { target: typeof target } = { target };
  if (values.algorithm !== undefined) input.algorithm = values.algorithm;
  if (values['kek-id'] !== undefined) input.kekId = values['kek-id'];
  if (values['import-token'] !== undefined) {
    const file = values['import-token'];
    input.importToken = await about(`--import-token ${file}`, () => parseImportToken(readText(file, '--import-token')));
  }
  if (values['wrapping-key'] !== undefined) {
    const file = values['wrapping-key'];
    const data = readInput(file, '--wrapping-key');
    input.wrappingKey = await about(`--wrapping-key ${file}`, () => parseWrappingKey(data, 'wrapping key'));
  } else if (!input.importToken) {
    throw new CliError(`byok: --wrapping-key is required for ${target}${target === 'ibm' ? ' (or give --import-token)' : ''}`, EXIT_USAGE);
  }
  if (values.symmetric || target === 'ibm') {
    const data = readInput(keyFile, '--key');
    input.material = await about(`--key ${keyFile}`, () => rawMaterial(data));
    data.fill(0);
  } else {
    const key = await readPrivateKey(keyFile, values, 'byok');
    try {
      input.material = await about(`--key ${keyFile}`, () => encodePkcs8(key));
    } finally {
      wipe(key.scalar, key.seed, key.chainCode);
    }
  }
  try {
    const out = await about(`byok ${target}`, () => byokWrap(input as ByokInput));
    writeOutput(values.out, `${JSON.stringify(out, null, 2)}\n`);
  } finally {
    wipe(input.material);
  }
}
