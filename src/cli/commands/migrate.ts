// keyferry migrate: keys from one site to another in batches, keeping their IDs (issue 13),
// on the client's migrateKeys (src/client/migrate.ts). Copy keeps the source; --move
// deletes a key on the source only after every target node was checked to hold it. The
// plan is read from the nodes each time, so an interrupted or failed run is finished by
// running the very same command again — which the command says, with the command line, at
// the start and whenever it ends with keys unfinished. Progress on stderr, one
// line per failed key, the summary on stdout; --report writes the per-key report.
import { KEY_ID_PATTERN } from '../../crypto/names.ts';
import { MAX_BATCH_KEYS } from '../../client/batch.ts';
import { DEFAULT_MIGRATE_BATCH, MigrateError, migrateKeys, migrateReportRows, migrateReportToCsv, migrateReportToJson, planCounts, type MigrateProgress, type MigrateReport } from '../../client/migrate.ts';
import { createSiteClient } from '../../client/site-client.ts';
import { integer, parse, required } from '../args.ts';
import { interruptible } from '../interrupt.ts';
import { CliError, EXIT_REFUSED, EXIT_USAGE } from '../errors.ts';
import { writeOutput } from '../io.ts';
import { CLI_REQUEST_TIMEOUT_MS, readSiteProfile } from '../site-profile.ts';

export const migrateHelp = `Usage: keyferry migrate --from <profile|name> --to <profile|name> [--key-id <id>… | --all] [--move] [options]

Copies keys from one site to another under the same key IDs, in batches: the source
nodes export each batch in one session, each node wrapping its share for the target node
of its index, and the target nodes import it in one session; every target node's share
of each key is then checked against the key's public key.

  --from <profile|name>   the source site (a profile JSON, or a site name of the local cluster)
  --to <profile|name>     the target site, of the same n and t
  --key-id <id>           only this key (repeat for more)
  --all                   every key the source holds (the default when no --key-id is given)
  --move                  after the check, delete each key on the source: a key is never
                          deleted before every target node holds it
  --batch-size <n>        keys per session (1–${MAX_BATCH_KEYS}, default ${DEFAULT_MIGRATE_BATCH})
  --report <file>         write the per-key report (keyId, status, reason, message, site,
                          node, publicKey; every planned key, "not-reached" for those a
                          stopped run did not take) as CSV (.csv) or JSON (.json)
  --json                  print the whole report as JSON on stdout instead of the summary

Keys already on every target node are skipped (a move then only deletes them on the
source); a key ID the sites use for different keys is a conflict and never touched; a
key some nodes of a site hold and others not is refused. The source nodes must allow
export under the target nodes' wrapping keys (their whitelists, or \`keyferry pair apply\`).
Whatever stops a run — Ctrl-C (it stops after the batch in hand), a node going down, the
command being killed — running the same command again finishes it. Exit 0 when every key
is copied, moved or skipped; 1 when any failed, is a conflict or is left; 2 for a usage error.`;

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  'key-id': { type: 'string', multiple: true },
  all: { type: 'boolean' },
  move: { type: 'boolean' },
  'batch-size': { type: 'string' },
  report: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const CMD = 'migrate';

/** The command line as given, quoted for a POSIX shell, to run again. */
function sameCommand(argv: readonly string[]): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);
  return ['keyferry', CMD, ...argv.map(quote)].join(' ');
}

function progressLine(p: MigrateProgress, move: boolean): string {
  const finished = p.copied + p.moved + p.skipped + p.conflicts + p.failed;
  const words = { read: 'planned', export: 'exporting', import: 'importing', verify: 'checking on every target node', delete: 'deleting on the source', done: 'done' } as const;
  const left = p.secondsLeft === undefined ? '' : `, ~${Math.ceil(p.secondsLeft)} s left`;
  const batch = p.batches === 0 ? '' : `batch ${p.batch}/${p.batches} `;
  return `[${finished}/${p.total}] ${batch}${words[p.phase]} — ${move ? `${p.moved} moved, ` : ''}${p.copied} copied, ${p.skipped} skipped, ${p.failed} failed, ${p.keysPerSecond.toFixed(1)} keys/s${left}`;
}

export async function migrateCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS, CMD);
  if (values.help) {
    writeOutput(undefined, `${migrateHelp}\n`);
    return;
  }
  if (positionals.length > 0) throw new CliError(`${CMD}: unexpected argument "${positionals[0]}"; see keyferry ${CMD} --help`, EXIT_USAGE);
  const from = readSiteProfile(required(values.from, '--from', CMD), '--from');
  const to = readSiteProfile(required(values.to, '--to', CMD), '--to');
  const keyIds = values['key-id'];
  if (keyIds !== undefined && values.all) throw new CliError(`${CMD}: give --key-id or --all, not both`, EXIT_USAGE);
  for (const id of keyIds ?? []) {
    if (!KEY_ID_PATTERN.test(id)) throw new CliError(`${CMD}: --key-id "${id}" is not a key ID: 1–64 characters of A–Z, a–z, 0–9, "_" and "-"`, EXIT_USAGE);
  }
  const batchSize = integer(values['batch-size'], '--batch-size', CMD) ?? DEFAULT_MIGRATE_BATCH;
  if (batchSize < 1 || batchSize > MAX_BATCH_KEYS) throw new CliError(`${CMD}: --batch-size must be 1–${MAX_BATCH_KEYS}; got ${batchSize}`, EXIT_USAGE);
  const reportFile = values.report;
  const reportFormat = reportFile === undefined ? undefined : /\.csv$/i.test(reportFile) ? 'csv' : /\.json$/i.test(reportFile) ? 'json' : undefined;
  if (reportFile !== undefined && reportFormat === undefined) throw new CliError(`${CMD}: --report ${reportFile}: name a .csv or a .json file`, EXIT_USAGE);
  const move = values.move ?? false;
  const again = sameCommand(argv);

  const source = createSiteClient(from, { timeoutMs: CLI_REQUEST_TIMEOUT_MS });
  const target = createSiteClient(to, { timeoutMs: CLI_REQUEST_TIMEOUT_MS });
  const stop = interruptible('stopping after the batch in hand; running the same command again finishes it');
  const started = Date.now();
  let report: MigrateReport;
  let lastWhy: string | undefined;
  let working = false;
  try {
    report = await migrateKeys(source, target, {
      move,
      batchSize,
      signal: stop.signal,
      ...(keyIds === undefined ? {} : { keyIds }),
      onPlan: (plan) => {
        const unknown = plan.keys.filter((k) => k.reason === 'not-found').map((k) => k.keyId);
        if (unknown.length > 0) throw new CliError(`${CMD}: --key-id ${unknown.join(', ')}: no such key on site ${from.name} or ${to.name}; nothing was copied or deleted`, EXIT_USAGE);
        const c = planCounts(plan);
        const work = move ? `${c.copy} to move, ${c['finish-move']} to finish moving` : `${c.copy} to copy`;
        process.stderr.write(`${plan.keys.length} key(s) ${from.name} → ${to.name}: ${work}, ${c.skip} already there, ${c.conflict} conflict(s), ${c.refuse} refused\n`);
      },
      onProgress: (p) => {
        if (p.phase === 'read') return;
        // Once the work starts (the whitelists allow it): what finishes it if it is cut short.
        if (!working && p.phase !== 'done') process.stderr.write(`if this run is cut short, run it again to finish the ${move ? 'move' : 'copy'}: ${again}\n`);
        working = true;
        process.stderr.write(`${progressLine(p, move)}\n`);
      },
      onKey: (r) => {
        if (r.status !== 'failed' && r.status !== 'conflict') return;
        // Keys of a batch whose session failed as a whole share one sentence: print it once.
        const why = (r.message ?? r.reason ?? '').replaceAll(r.keyId, '…');
        process.stderr.write(why === lastWhy ? `${r.status} ${r.keyId}: the same\n` : `${r.status} ${r.keyId}: ${r.message ?? r.reason}\n`);
        lastWhy = why;
      },
    });
  } catch (e) {
    if (e instanceof MigrateError) throw new CliError(`${CMD}: ${e.message}`, EXIT_REFUSED);
    throw e;
  } finally {
    stop.done();
  }
  if (reportFile !== undefined) {
    const rows = migrateReportRows(report);
    writeOutput(reportFile, reportFormat === 'csv' ? migrateReportToCsv(rows) : migrateReportToJson(rows));
  }

  const p = report.progress;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const notReached = report.plan.keys.length - report.results.length;
  if (values.json) writeOutput(undefined, `${JSON.stringify(report, null, 2)}\n`);
  else {
    writeOutput(undefined, `${p.total} key(s) ${report.from} → ${report.to}${move ? ' (move)' : ''}: ${move ? `${p.moved} moved, ` : ''}${p.copied} copied, ${p.skipped} skipped, ${p.conflicts} conflict(s), ${p.failed} failed${notReached > 0 ? `, ${notReached} not reached` : ''} (${seconds} s)\n`);
  }
  const bad = report.results.filter((r) => r.status === 'failed' || r.status === 'conflict');
  const finish = report.unfinished.length > 0 ? `; to finish ${report.unfinished.length} key(s), run the same command again: ${again}` : '';
  if (report.stopped !== undefined) throw new CliError(`${CMD}: ${report.stopped}${finish}`, EXIT_REFUSED);
  if (bad.length > 0) {
    const handWork = bad.length - report.unfinished.filter((id) => bad.some((r) => r.keyId === id)).length;
    throw new CliError(`${CMD}: ${bad.length} key(s) not ${move ? 'moved' : 'copied'} (listed above${reportFile === undefined ? '' : ` and in ${reportFile}`})${handWork > 0 ? `, ${handWork} of them need a look by hand` : ''}${finish}`, EXIT_REFUSED);
  }
}
