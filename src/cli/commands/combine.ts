// keyferry combine: a bundle (or its per-share files) + ≥ t+1 RSA unwrapping keys →
// the recombined private key, verified against the bundle's public key before output.
import { wipe } from '../../crypto/bytes.ts';
import { encodePrivateKey, PRIVATE_KEY_OUTPUT_FORMATS } from '../../crypto/private-key/encode.ts';
import { importRsaDecryptKey } from '../../crypto/rsa-oaep.ts';
import { unwrapAndCombine, type Unwrapper } from '../../crypto/share-transfer.ts';
import { oneOf, parse, required } from '../args.ts';
import { about } from '../context.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { readInput, writeOutput } from '../io.ts';
import { readBundles } from '../key-files.ts';

export const combineHelp = `Usage: keyferry combine --bundle <file>… --unwrapping-key <index>:<file>… [options]

Unwraps at least t+1 shares of a keyferry-bundle/1 with the RSA private keys they were
wrapped for, recombines them, checks the result against the bundle's public key and
prints the private key. Several --bundle files (one per share) are merged first.

  --bundle <file|->                  repeatable
  --unwrapping-key <index>:<file>    RSA private key (PKCS#8 or PKCS#1 PEM, or DER) for share <index>
  --format pkcs8|sec1|jwk|hex|wif    output format (default pkcs8; Ed25519 keys: hex only)
  --network mainnet|testnet          for wif (default mainnet)
  --out <file>                       write here with mode 0600 (default stdout)`;

export async function combineCommand(argv: string[]): Promise<void> {
  const { values } = parse(
    argv,
    {
      bundle: { type: 'string', multiple: true },
      'unwrapping-key': { type: 'string', multiple: true },
      format: { type: 'string' },
      network: { type: 'string' },
      out: { type: 'string' },
    },
    'combine',
  );
  if (values.help) return writeOutput(undefined, `${combineHelp}\n`);
  const bundleFiles = required(values.bundle, '--bundle', 'combine');
  const keySpecs = required(values['unwrapping-key'], '--unwrapping-key', 'combine');
  const network = oneOf(values.network, ['mainnet', 'testnet'] as const, '--network', 'combine');
  const bundle = await readBundles(bundleFiles);
  const format = oneOf(values.format, PRIVATE_KEY_OUTPUT_FORMATS, '--format', 'combine') ?? (bundle.curve === 'Ed25519' ? 'hex' : 'pkcs8');
  const unwrappers: Unwrapper[] = [];
  for (const spec of keySpecs) {
    const m = /^(\d{1,3}):(.+)$/.exec(spec);
    if (!m) throw new CliError(`combine: --unwrapping-key "${spec}" must be <index>:<file>, e.g. 1:node1-wrapping.pem`, EXIT_USAGE);
    const index = Number(m[1]);
    const file = m[2]!;
    const data = readInput(file, `--unwrapping-key ${index}`);
    try {
      unwrappers.push({ index, key: await about(`--unwrapping-key ${index} (${file})`, () => importRsaDecryptKey(data)) });
    } finally {
      data.fill(0);
    }
  }
  const key = await about('combine', () => unwrapAndCombine(bundle, unwrappers));
  try {
    const text = await about(`--format ${format}`, () => encodePrivateKey(key, format, network ? { network } : {}));
    writeOutput(values.out, text, { secret: true });
    if (bundle.curve === 'Ed25519') {
      process.stderr.write(
        'keyferry: note: this Ed25519 key is the shared scalar, not the original seed; it signs as the same public key, and reads back with --curve Ed25519 --ed25519-hex scalar.\n',
      );
    }
  } finally {
    wipe(key.scalar, key.chainCode);
  }
}
