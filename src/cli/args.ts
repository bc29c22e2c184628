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
