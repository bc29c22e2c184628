// keyferry node --config <file.toml>: run one reference MPC node until SIGINT/SIGTERM.
import { ConfigError } from '../../node/config.ts';
import { runNode } from '../../node/server.ts';
import { parse, required } from '../args.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { writeOutput } from '../io.ts';

export const nodeHelp = `Usage: keyferry node --config <file.toml>

Runs one Keyferry node (docs/node-config.md) until Ctrl-C or SIGTERM. Logs JSON lines
on stdout. A config problem stops it with exit code 2 and a line naming the key.`;

export async function nodeCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, { config: { type: 'string' } }, 'node');
  if (values.help) return writeOutput(undefined, `${nodeHelp}\n`);
  const file = required(values.config, '--config', 'node');
  let node;
  try {
    node = await runNode(file);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(`node: ${e.message}`, EXIT_USAGE);
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new CliError(`node: the listen address is already in use (${err.message}); change node.listen`);
    throw e;
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void node.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
