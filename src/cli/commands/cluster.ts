// keyferry cluster: run a local test cluster — two sites (main, failover) of three nodes
// each, as real node processes — creating it under the home folder on first run.
// Keeps running until Ctrl-C / SIGTERM, then stops every node and exits 0.
import { relative, isAbsolute } from 'node:path';
import { parse } from '../args.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { ConfigError } from '../../node/config.ts';
import { READY_LINE } from '../../node/cluster/cluster-process.ts';
import { ClusterError } from '../../node/cluster/errors.ts';
import { resolveHome } from '../../node/cluster/layout.ts';
import { acquireLock } from '../../node/cluster/lock.ts';
import { prepareCluster, type Cluster } from '../../node/cluster/prepare.ts';
import { StopRequested, Supervisor } from '../../node/cluster/supervisor.ts';

export const clusterHelp = `Usage: keyferry cluster [--home <dir>] [--console-origin <origin>]...

Starts a local test cluster: sites "main" and "failover", 3 nodes each, threshold 1,
every node a real \`keyferry node\` process on a free loopback port. The first run
creates everything (keys, configs, an admin token) under the home folder; later runs
reuse it, so keys persist. Prints the node URLs, then "keyferry cluster: ready".
Ctrl-C (or SIGTERM) stops every node and exits 0; a node dying on its own stops the
rest and exits 1. Layout, profiles and how to reset: docs/cluster.md.

  --home <dir>              where the cluster lives (default $KEYFERRY_HOME, else ./.keyferry)
  --console-origin <origin> a console origin the nodes allow by CORS, besides
                            http://127.0.0.1:5173 and http://localhost:5173 (repeatable)`;

const ORIGIN = /^https?:\/\/[^/\s]+$/;

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  const p = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return /^[\w./@%+=:,-]+$/.test(p) ? p : `'${p.replaceAll("'", "'\\''")}'`;
}

function summary(cluster: Cluster, supervisor: Supervisor): string {
  const pid = new Map(supervisor.pids.map((p) => [p.node.configFile, p.pid]));
  const out = [`Keyferry local cluster in ${shown(cluster.home)}${cluster.created ? ' (created now)' : ''}`];
  for (const site of cluster.sites) {
    out.push(`  site ${site.site} (n = ${site.nodes.length}, t = ${site.threshold})`);
    for (const n of site.nodes) out.push(`    node ${n.index}  ${n.url}  pid ${pid.get(n.configFile) ?? '?'}`);
  }
  const first = cluster.sites[0]!.nodes[0]!;
  out.push(
    `Site profiles (hold the token; 0600): ${cluster.sites.map((s) => shown(s.profileFile)).join(', ')}`,
    `Admin token: ${shown(cluster.adminTokenFile)}    Node logs: ${shown(cluster.home)}/<site>/node-<i>/node.log`,
    `Try: curl -H "Authorization: Bearer $(cat ${shown(cluster.adminTokenFile)})" ${first.url}/v1/info`,
    'Ctrl-C stops everything.',
    READY_LINE,
  );
  return `${out.join('\n')}\n`;
}

export async function clusterCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { home: { type: 'string' }, 'console-origin': { type: 'string', multiple: true } }, 'cluster');
  if (values.help) {
    process.stdout.write(`${clusterHelp}\n`);
    return;
  }
  if (positionals.length > 0) throw new CliError(`cluster: unexpected argument "${positionals[0]}"; see keyferry cluster --help`, EXIT_USAGE);
  const origins = values['console-origin'] ?? [];
  for (const o of origins) {
    if (!ORIGIN.test(o)) throw new CliError(`cluster: --console-origin "${o}" is not an origin (scheme://host[:port], no path)`, EXIT_USAGE);
  }
  const home = resolveHome(values.home);

  // Signals count from the very start: a Ctrl-C during start-up stops what has started.
  let supervisor: Supervisor | undefined;
  let signalled: number | undefined;
  let onStopRequest!: () => void;
  const stopRequested = new Promise<void>((r) => (onStopRequest = r));
  const onSignal = () => {
    if (signalled !== undefined) {
      // npm, tsx and the terminal may each deliver the same Ctrl-C: only a later one escalates.
      if (Date.now() - signalled < 2_000) return;
      process.stderr.write('keyferry cluster: signalled again, killing the nodes now\n');
      supervisor?.kill();
      return;
    }
    signalled = Date.now();
    process.stdout.write('keyferry cluster: stopping…\n');
    onStopRequest();
    void supervisor?.stop();
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);

  let lock: Awaited<ReturnType<typeof acquireLock>> | undefined;
  try {
    lock = await acquireLock(home);
    const cluster = await prepareCluster({ home, consoleOrigins: origins });
    for (const m of cluster.moved) process.stdout.write(`keyferry cluster: ${m}\n`);
    if (signalled !== undefined) return;
    const nodes = cluster.sites.flatMap((s) => s.nodes);
    process.stdout.write(`keyferry cluster: ${cluster.created ? 'created, ' : ''}starting ${nodes.length} nodes…\n`);
    const running = new Supervisor({ onSpawn: (pids) => lock!.update(pids) });
    supervisor = running;
    try {
      await running.start(nodes);
    } catch (e) {
      if (e instanceof StopRequested) return;
      throw e;
    }
    process.stdout.write(summary(cluster, running));
    const outcome = await Promise.race([stopRequested.then(() => undefined), running.died]);
    if (outcome) {
      process.stderr.write(`keyferry cluster: ${outcome.message}\n`);
      process.stderr.write('keyferry cluster: stopping the other nodes\n');
      await running.stop();
      throw new CliError(`cluster stopped because ${outcome.node.site} node ${outcome.node.index} died`);
    }
    await running.stop();
    process.stdout.write('keyferry cluster: stopped\n');
  } catch (e) {
    if (e instanceof ClusterError || e instanceof ConfigError) throw new CliError(`cluster: ${e.message}`);
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code === 'string' && typeof err.path === 'string') throw new CliError(`cluster: ${err.message}`); // e.g. EACCES on the home folder
    throw e;
  } finally {
    await supervisor?.stop();
    lock?.release();
    for (const s of signals) process.off(s, onSignal);
  }
}
