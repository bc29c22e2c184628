// Command-line parsing on node:util parseArgs (strict), turning its errors and missing
// required options into one sentence that names the flag.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, EXIT_USAGE } from './errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<T extends Options>(argv: string[], options: T, command: string) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${command}: ${(e as Error).message.replace(/\. To specify.*$/s, '')}; see keyferry ${command} --help`, EXIT_USAGE);
  }
}

export function required<T>(value: T | undefined, flag: string, command: string): T {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new CliError(`${command}: ${flag} is required; see keyferry ${command} --help`, EXIT_USAGE);
  }
  return value;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, command: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliError(`${command}: ${flag} must be one of ${allowed.join(', ')}; got "${value}"`, EXIT_USAGE);
  }
  return value as T;
}

export function integer(value: string | undefined, flag: string, command: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`${command}: ${flag} must be a whole number; got "${value}"`, EXIT_USAGE);
  return Number(value);
}

/** Words a list: "a, b or c". */
const orList = (names: readonly string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);

/**
 * `keyferry <command> <sub-command> …`: prints the help for none, `help`, `-h` or
 * `--help` (none is also a usage error), refuses an unknown sub-command, else runs it.
 */
export async function runSubcommand(argv: string[], command: string, help: string, table: Record<string, (argv: string[]) => Promise<void>>): Promise<void> {
  const [sub, ...rest] = argv;
  const names = Object.keys(table);
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${help}\n`);
    if (sub === undefined) throw new CliError(`${command}: name a sub-command: ${orList(names)}`, EXIT_USAGE);
    return;
  }
  const run = table[sub];
  if (!run) throw new CliError(`${command}: "${sub}" is not a ${command} sub-command; use ${orList(names)}`, EXIT_USAGE);
  await run(rest);
}
