// keyferry split: an externally held private key → Shamir shares, each wrapped for its
// node with RSA-OAEP-SHA256 → one keyferry-bundle/1 (or one file per share).
import { equalBytes, fromHex, wipe } from '../../crypto/bytes.ts';
import { serializeBundle, splitBundle } from '../../crypto/bundle.ts';
import { splitAndWrap } from '../../crypto/share-transfer.ts';
import { integer, parse, required } from '../args.ts';
import { about } from '../context.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { writeOutput } from '../io.ts';
import { readWrappingKeys } from '../key-files.ts';
import { keyOptions, readPrivateKey } from './read-key.ts';

export const splitHelp = `Usage: keyferry split --key <file|-> --threshold <t> --wrapping-key <file>… [options]

Splits a private key into n Shamir shares (threshold t: any t+1 reconstruct) and wraps
share i under the i-th --wrapping-key (RSA ≥ 2048 bits, one per node in index order).
Prints a keyferry-bundle/1 JSON document.

  --key <file|->          private key: hex, PKCS#8/SEC1 PEM or DER, JWK, WIF, xprv, Ed25519 seed
  --curve <curve>         secp256k1 (default), P-256, P-384, Ed25519 — for bare hex keys
  --ed25519-hex seed|scalar  Ed25519 bare hex: an RFC 8032 seed, or a scalar Keyferry exported
  --threshold <t>         1 ≤ t < n
  --wrapping-key <file>   repeat once per node; PEM, PKCS#1 PEM, DER or one-line base64 SPKI
  --chain-code <hex>      32-byte BIP32 chain code (taken from an xprv automatically)
  --key-id <id>           1–64 characters of A–Z a–z 0–9 _ -
  --out <file>            write the bundle here (default stdout)
  --per-share             also write <out>.share-<i>.json, one per share (needs --out)`;

export async function splitCommand(argv: string[]): Promise<void> {
  const { values } = parse(
    argv,
    {
      ...keyOptions,
      key: { type: 'string' },
      threshold: { type: 'string' },
      'wrapping-key': { type: 'string', multiple: true },
      'chain-code': { type: 'string' },
      'key-id': { type: 'string' },
      out: { type: 'string' },
      'per-share': { type: 'boolean' },
    },
    'split',
  );
  if (values.help) return writeOutput(undefined, `${splitHelp}\n`);
  const keyFile = required(values.key, '--key', 'split');
  const threshold = required(integer(values.threshold, '--threshold', 'split'), '--threshold', 'split');
  const wrappingFiles = required(values['wrapping-key'], '--wrapping-key', 'split');
  if (values['per-share'] && (values.out === undefined || values.out === '-')) {
    throw new CliError('split: --per-share needs --out <file> to name the share files', EXIT_USAGE);
  }
  const wrappingKeys = await readWrappingKeys(wrappingFiles);
  const key = await readPrivateKey(keyFile, values, 'split');
  try {
    if (values['chain-code'] !== undefined) {
      const given = await about('--chain-code', () => fromHex(values['chain-code']!, 'chain code'));
      if (given.length !== 32) throw new CliError(`split: --chain-code must be 32 bytes (64 hex digits), got ${given.length}`);
      if (key.chainCode && !equalBytes(key.chainCode, given)) throw new CliError('split: --chain-code differs from the chain code inside the xprv');
      key.chainCode = given;
    }
    const bundle = await about('split', () =>
      splitAndWrap({ key, threshold, wrappingKeys, ...(values['key-id'] === undefined ? {} : { keyId: values['key-id'] }) }),
    );
    writeOutput(values.out, serializeBundle(bundle));
    if (values['per-share']) {
      for (const part of splitBundle(bundle)) writeOutput(`${values.out!.replace(/\.json$/, '')}.share-${part.shares[0]!.index}.json`, serializeBundle(part));
    }
  } finally {
    wipe(key.scalar, key.seed, key.chainCode);
  }
}
