// keyferry pair sync | canary: moving keys to the fail-over site from a terminal (issue
// 11), on the client's pair-transfer.ts. `sync` copies the keys main holds and the
// fail-over site lacks in batch sessions (migrate's machinery, issue 13) — progress on
// stderr, a line per key and a summary on stdout — and exits 1 when any key failed or is
// a conflict, naming them.
// `canary` sends a throw-away key down the same path and deletes it again. pair.ts
// routes the sub-commands here.
import { CURVE_NAMES, parseCurveName } from '../../crypto/curves.ts';
import { KEY_ID_PATTERN } from '../../crypto/names.ts';
import { nodeErrorSentence } from '../../client/node-error-words.ts';
import { NodeError } from '../../client/node-client.ts';
import { runCanary, syncKeys, type CanaryStep, type KeyCopy, type SyncProgress } from '../../client/pair-transfer.ts';
import { interruptible } from '../interrupt.ts';
import { CliError, EXIT_REFUSED, EXIT_USAGE } from '../errors.ts';
import { writeOutput } from '../io.ts';
import { integer, parse } from '../args.ts';
import { MAX_BATCH_KEYS } from '../../client/batch.ts';
import { DEFAULT_MIGRATE_BATCH } from '../../client/migrate.ts';
import type { SiteClient } from '../../client/site-client.ts';
import { readPairSites } from './pair-sites.ts';

export const pairSyncHelp = `  sync      copy every key main holds and the fail-over site lacks (or only --key-id
            <id>…) in batch sessions, each copied key checked on every fail-over node;
            keys already there are skipped, a key ID the
            fail-over site uses for another key is a conflict and never touched; exit 0
            only when every key is copied or skipped
  canary    generate a throw-away key on main, copy it, check it on every node of both
            sites, delete it everywhere; each step with its time; exit 0 only when ok`;

export const pairSyncOptionsHelp = `  --key-id <id>              sync: only this key (repeat for more); it must be on main
  --batch-size <n>           sync: keys per session (1–${MAX_BATCH_KEYS}, default ${DEFAULT_MIGRATE_BATCH})
  --curve <curve>            canary: ${CURVE_NAMES.join(', ')} (default secp256k1)`;

const OPTIONS = {
  main: { type: 'string' },
  failover: { type: 'string' },
  'key-id': { type: 'string', multiple: true },
  'batch-size': { type: 'string' },
  curve: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The two sites and the flags; undefined when --help was asked (and printed). */
function sitesAndFlags(rest: string[], cmd: string, help: string) {
  const { values, positionals } = parse(rest, OPTIONS, cmd);
  if (values.help) {
    writeOutput(undefined, `${help}\n`);
    return undefined;
  }
  return { ...readPairSites(values, positionals, cmd), values };
}

/** The key IDs main holds on some node; a --key-id naming another is a usage error. */
async function checkKeyIds(main: SiteClient, keyIds: readonly string[], cmd: string): Promise<void> {
  for (const id of keyIds) {
    if (!KEY_ID_PATTERN.test(id)) throw new CliError(`${cmd}: --key-id "${id}" is not a key ID: 1–64 characters of A–Z, a–z, 0–9, "_" and "-"`, EXIT_USAGE);
  }
  const answers = await main.eachNode((apis, node, signal) => apis.keys.list(node, signal));
  const down = answers.find((a) => !a.ok);
  if (down && !down.ok) throw new CliError(`${cmd}: cannot read the keys of site ${main.site.name}: ${nodeErrorSentence(down.error, down.node)}`);
  const held = new Set(answers.flatMap((a) => (a.ok ? a.value.map((k) => k.keyId) : [])));
  const unknown = keyIds.filter((id) => !held.has(id));
  if (unknown.length > 0) throw new CliError(`${cmd}: --key-id ${unknown.join(', ')}: no such key on site ${main.site.name}`, EXIT_USAGE);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function progressLine(p: SyncProgress): string {
  const rate = p.done === 0 ? '' : `, ${p.keysPerSecond.toFixed(2)} keys/s`;
  const left = p.secondsLeft === undefined ? '' : `, ~${Math.ceil(p.secondsLeft)} s left`;
  return `[${Math.min(p.done + 1, p.total)}/${p.total}] ${p.current}${rate}${left}`;
}

function keyLine(r: KeyCopy): string {
  const why = r.failure ? `  ${r.failure.message}` : '';
  return `  ${r.outcome.padEnd(8)} ${r.keyId}  (${r.ms} ms)${why}`;
}

export async function pairSync(rest: string[], help: string): Promise<void> {
  const cmd = 'pair sync';
  const s = sitesAndFlags(rest, cmd, help);
  if (s === undefined) return;
  const keyIds = s.values['key-id'];
  const batchSize = integer(s.values['batch-size'], '--batch-size', cmd) ?? DEFAULT_MIGRATE_BATCH;
  if (batchSize < 1 || batchSize > MAX_BATCH_KEYS) throw new CliError(`${cmd}: --batch-size must be 1–${MAX_BATCH_KEYS}; got ${batchSize}`, EXIT_USAGE);
  if (keyIds !== undefined) await checkKeyIds(s.main, keyIds, cmd);
  const stop = interruptible('stopping after the batch being copied');
  let final: SyncProgress;
  try {
    final = await syncKeys(s.main, s.failover, {
      ...(keyIds === undefined ? {} : { keyIds }),
      batchSize,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.current !== undefined) process.stderr.write(`${progressLine(p)}\n`);
        else if (!s.values.json && p.results.length > 0) process.stdout.write(`${keyLine(p.results.at(-1)!)}\n`);
      },
    });
  } catch (e) {
    if (e instanceof NodeError) throw new CliError(`${cmd}: ${nodeErrorSentence(e)}`);
    throw e;
  } finally {
    stop.done();
  }
  const ms = final.results.reduce((sum, r) => sum + r.ms, 0);
  const summary = `${final.total} key(s) ${s.main.site.name} → ${s.failover.site.name}: ${final.copied} copied, ${final.skipped} skipped, ${final.conflicts} conflict(s), ${final.failed} failed (${seconds(ms)})${final.done < final.total ? `; stopped after ${final.done}` : ''}`;
  if (s.values.json) writeOutput(undefined, `${JSON.stringify(final, null, 2)}\n`);
  else writeOutput(undefined, `${summary}\n`);
  const bad = final.results.filter((r) => r.outcome === 'failed' || r.outcome === 'conflict');
  if (bad.length > 0) {
    throw new CliError(`${cmd}: ${bad.map((r) => `${r.keyId} ${r.outcome === 'conflict' ? 'is a conflict' : 'failed'}`).join(', ')} — ${bad.map((r) => r.failure?.message ?? r.keyId).join('; ')}`, EXIT_REFUSED);
  }
  if (final.done < final.total) throw new CliError(`${cmd}: interrupted after ${final.done} of ${final.total} keys; run it again to go on`, EXIT_REFUSED);
}

function stepLine(s: CanaryStep): string {
  return `  ${s.step.padEnd(7)} ${s.ok ? 'ok    ' : 'FAILED'} ${String(s.ms).padStart(6)} ms${s.message ? `  ${s.message}` : ''}`;
}

export async function pairCanary(rest: string[], help: string): Promise<void> {
  const cmd = 'pair canary';
  const s = sitesAndFlags(rest, cmd, help);
  if (s === undefined) return;
  let curve;
  try {
    curve = parseCurveName(s.values.curve ?? 'secp256k1', '--curve');
  } catch {
    throw new CliError(`${cmd}: --curve must be one of ${CURVE_NAMES.join(', ')}; got "${s.values.curve}"`, EXIT_USAGE);
  }
  const report = await runCanary(s.main, s.failover, { curve, onStep: (step) => s.values.json || process.stderr.write(`${stepLine(step)}\n`) });
  if (s.values.json) writeOutput(undefined, `${JSON.stringify(report, null, 2)}\n`);
  else writeOutput(undefined, `canary ${report.keyId} (${report.curve}) ${s.main.site.name} → ${s.failover.site.name}: ${report.ok ? 'ok' : 'FAILED'} in ${report.totalMs} ms\n${report.steps.map(stepLine).join('\n')}\n`);
  if (!report.ok) throw new CliError(`${cmd}: ${report.failure ?? 'a step failed'}`, EXIT_REFUSED);
}
