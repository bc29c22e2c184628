// The two sites every `keyferry pair` sub-command names: --main and --failover (a site
// profile file or a local-cluster site name, as --site), no stray arguments, two
// different sites — read here for plan/apply/status (pair.ts) and sync/canary
// (pair-sync.ts) alike.
import { required } from '../args.ts';
import { createSiteClient, type SiteClient } from '../../client/site-client.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { CLI_REQUEST_TIMEOUT_MS, readSiteProfile } from '../site-profile.ts';

export interface PairSites {
  main: SiteClient;
  failover: SiteClient;
}

/** From the parsed command line; a usage error (exit 2) names what is wrong. */
export function readPairSites(values: { main?: string | undefined; failover?: string | undefined }, positionals: readonly string[], cmd: string): PairSites {
  if (positionals.length > 0) throw new CliError(`${cmd}: unexpected argument "${positionals[0]}"; see keyferry pair --help`, EXIT_USAGE);
  const client = (flag: '--main' | '--failover', given: string | undefined): SiteClient =>
    createSiteClient(readSiteProfile(required(given, flag, cmd), flag), { timeoutMs: CLI_REQUEST_TIMEOUT_MS });
  const main = client('--main', values.main);
  const failover = client('--failover', values.failover);
  if (main.site.name === failover.site.name) throw new CliError(`${cmd}: --main and --failover name the same site (${main.site.name})`, EXIT_USAGE);
  return { main, failover };
}
