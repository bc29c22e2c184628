// keyferry inspect <file>: what kind of key a file holds, as JSON; never prints secrets.
import { parseCurveName } from '../../crypto/curves.ts';
import { inspectKey } from '../../crypto/inspect.ts';
import { parse } from '../args.ts';
import { about } from '../context.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { readInput, writeOutput } from '../io.ts';

export const inspectHelp = `Usage: keyferry inspect <file|-> [--curve <curve>]

Reads any supported private or public key and prints JSON: kind, algorithm, curve or
RSA bits, detected format, fingerprint (SHA-256 of the DER SPKI) and SPKI base64.
--curve tells which curve a bare hex scalar is on (default secp256k1).`;

export async function inspectCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { curve: { type: 'string' } }, 'inspect');
  if (values.help) return writeOutput(undefined, `${inspectHelp}\n`);
  if (positionals.length !== 1) throw new CliError('inspect: give exactly one key file (or - for stdin)', EXIT_USAGE);
  const file = positionals[0]!;
  const curve = values.curve === undefined ? undefined : await about('--curve', () => parseCurveName(values.curve!));
  const data = readInput(file, 'key file');
  const report = await about(file, () => inspectKey(data, curve ? { curve } : {}));
  writeOutput(undefined, `${JSON.stringify(report, null, 2)}\n`);
}
