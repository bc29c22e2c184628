// keyferry inspect <file>: what kind of key a file holds, as JSON; never prints secrets.
import { parseCurveName } from '../../crypto/curves.ts';
import { inspectKey } from '../../crypto/inspect.ts';
import { oneOf, parse } from '../args.ts';
import { about } from '../context.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { readInput, writeOutput } from '../io.ts';

export const inspectHelp = `Usage: keyferry inspect <file|-> [--curve <curve>] [--ed25519-hex seed|scalar]

Reads any supported private or public key and prints JSON: kind, algorithm, curve or
RSA bits, detected format, fingerprint (SHA-256 of the DER SPKI) and SPKI base64.
--curve tells which curve a bare hex scalar is on (default secp256k1); for Ed25519,
--ed25519-hex says whether 32 bare bytes are an RFC 8032 seed or an exported scalar.`;

export async function inspectCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { curve: { type: 'string' }, 'ed25519-hex': { type: 'string' } }, 'inspect');
  if (values.help) return writeOutput(undefined, `${inspectHelp}\n`);
  if (positionals.length !== 1) throw new CliError('inspect: give exactly one key file (or - for stdin)', EXIT_USAGE);
  const file = positionals[0]!;
  const curve = values.curve === undefined ? undefined : await about('--curve', () => parseCurveName(values.curve!));
  const data = readInput(file, 'key file');
  const ed25519Hex = oneOf(values['ed25519-hex'], ['seed', 'scalar'] as const, '--ed25519-hex', 'inspect');
  const report = await about(file, () => inspectKey(data, { ...(curve ? { curve } : {}), ...(ed25519Hex ? { ed25519Hex } : {}) }));
  writeOutput(undefined, `${JSON.stringify(report, null, 2)}\n`);
}
