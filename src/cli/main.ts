// keyferry: the crypto core from a terminal, for operators and CI pipelines.
// Exit 0 on success; on failure one sentence on stderr and exit 1 (refused) or 2 (usage).
import { archiveCommand, archiveHelp, backupCommand, backupHelp, restoreCommand, restoreHelp } from './commands/backup.ts';
import { byokCommand, byokHelp } from './commands/byok.ts';
import { clusterCommand, clusterHelp } from './commands/cluster.ts';
import { combineCommand, combineHelp } from './commands/combine.ts';
import { importManyCommand, importManyHelp } from './commands/import-many.ts';
import { migrateCommand, migrateHelp } from './commands/migrate.ts';
import { inspectCommand, inspectHelp } from './commands/inspect.ts';
import { nodeCommand, nodeHelp } from './commands/node.ts';
import { pairCommand, pairHelp } from './commands/pair.ts';
import { sessionCommand, sessionHelp } from './commands/session.ts';
import { splitCommand, splitHelp } from './commands/split.ts';
import { CliError, EXIT_REFUSED, EXIT_USAGE } from './errors.ts';
import { NodeError } from '../client/node-client.ts';
import { nodeErrorSentence } from '../client/node-error-words.ts';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<void>; help: string; summary: string }> = {
  inspect: { run: inspectCommand, help: inspectHelp, summary: 'describe a private or public key (JSON)' },
  split: { run: splitCommand, help: splitHelp, summary: 'split a private key and wrap each share for its node → bundle' },
  combine: { run: combineCommand, help: combineHelp, summary: 'unwrap and recombine a bundle → private key' },
  byok: { run: byokCommand, help: byokHelp, summary: 'wrap key material for a cloud KMS import' },
  cluster: { run: clusterCommand, help: clusterHelp, summary: 'run a local test cluster: sites main and failover, 3 nodes each' },
  pair: { run: pairCommand, help: pairHelp, summary: 'pair a main site with its fail-over site: plan, apply, status' },
  backup: { run: backupCommand, help: backupHelp, summary: 'raw backup of keys from every node into a folder (cold storage)' },
  archive: { run: archiveCommand, help: archiveHelp, summary: 'back up, verify, then delete keys from every node' },
  restore: { run: restoreCommand, help: restoreHelp, summary: 'restore raw backups from a folder onto the nodes' },
  session: { run: sessionCommand, help: sessionHelp, summary: 'run a keygen / export / import session on every node of a site' },
  'import-many': { run: importManyCommand, help: importManyHelp, summary: 'import many external keys (a folder or a JSONL manifest) into a site, resumably' },
  migrate: { run: migrateCommand, help: migrateHelp, summary: 'copy or move keys between sites in batches, keeping their IDs, resumably' },
  node: { run: nodeCommand, help: nodeHelp, summary: 'run one reference MPC node from its TOML config' },
};

const USAGE = `Usage: keyferry <command> [options]   (files or - for stdin/stdout)

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}

Run keyferry <command> --help for its options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
    process.stdout.write(`${topic ? topic.help : USAGE}\n`);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new CliError(`"${name}" is not a keyferry command; run keyferry --help for the list`, EXIT_USAGE);
    await command.run(rest);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`keyferry: ${e.message}\n`);
      return e.exitCode;
    }
    // A node call that failed outside a command's own handling: still one sentence naming the node.
    if (e instanceof NodeError) {
      process.stderr.write(`keyferry: ${nodeErrorSentence(e)}\n`);
      return EXIT_REFUSED;
    }
    process.stderr.write(`keyferry: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 70;
  }
}

process.exitCode = await main(process.argv.slice(2));
