// keyferry pair plan | apply | status: fail-over pairing from a terminal (issue 11), on the
// client's pairing code (src/client/pairing-*.ts) — main node i's whitelist holds exactly
// fail-over node i's wrapping key, EnableExport on. `plan` shows each pair's state and the
// change; `apply` sends the changes (versioned; a node changed meanwhile is reported, not
// overwritten); `status` says whether the sites are paired and what drifted. `sync` and
// `canary` (moving keys to the fail-over site) live in pair-sync.ts.
import { checkPairingSites } from '../../client/pairing-checks.ts';
import { applyPairing, readPairing, type PairingState } from '../../client/pairing-state.ts';
import { parse, runSubcommand } from '../args.ts';
import { readPairSites } from './pair-sites.ts';
import { pairCanary, pairSync, pairSyncHelp, pairSyncOptionsHelp } from './pair-sync.ts';
import { CliError, EXIT_REFUSED } from '../errors.ts';
import { writeOutput } from '../io.ts';

export const pairHelp = `Usage: keyferry pair <plan|apply|status|sync|canary> --main <site> --failover <site> [options]

Fail-over pairing: main node i may export only to fail-over node i — its export whitelist
holds exactly fail-over node i's wrapping key, with EnableExport on.

  plan      each pair's state (paired, missing, wrong-counterpart, wildcard,
            extra-entries, export-disabled) and the whitelist change that pairs it
  apply     send the planned changes, each based on the version read; a node changed
            meanwhile is named and left as it is (run plan again)
  status    paired or not, every problem (whitelist drift, keys on main not yet on
            fail-over, key ID conflicts); exit 0 only when paired with no problem
${pairSyncHelp}

  --main <profile|name>      the main site (a profile file or a local-cluster site name)
  --failover <profile|name>  the fail-over site
  --both-ways                also pair fail-over → main (fail-back)
  --keep-other-entries       keep the entries the plan would remove (other keys, "*")
${pairSyncOptionsHelp}
  --json                     print the result as JSON`;

const OPTIONS = {
  main: { type: 'string' },
  failover: { type: 'string' },
  'both-ways': { type: 'boolean' },
  'keep-other-entries': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const short = (fp: string) => `${fp.slice(0, 16)}…`;

function planLines(state: PairingState): string[] {
  const lines: string[] = [];
  for (const d of state.directions) {
    lines.push(`${d.from} → ${d.to}`);
    for (const p of d.plans) {
      lines.push(`  node ${p.index}  ${p.state}${p.change ? `  → ExportWhiteList = [${p.change.whitelist.length} key(s)], EnableExport = true` : ''}`);
      for (const r of p.removed) lines.push(`    remove ${r.fingerprint ? short(r.fingerprint) : r.key}  ${r.why}`);
      for (const k of p.kept) lines.push(`    keep   ${k.fingerprint ? short(k.fingerprint) : k.key}  (warning: ${k.why})`);
    }
  }
  return lines;
}

function statusJson(state: PairingState) {
  return {
    paired: state.paired,
    main: state.main,
    failover: state.failover,
    problems: state.problems,
    keys: { main: state.keyCounts.main, failover: state.keyCounts.failover, missing: state.keys.missing.map((k) => k.keyId), conflicts: state.keys.conflicts.map((c) => c.keyId) },
  };
}

export const pairCommand = (argv: string[]): Promise<void> =>
  runSubcommand(argv, 'pair', pairHelp, { plan: (rest) => pair('plan', rest), apply: (rest) => pair('apply', rest), status: (rest) => pair('status', rest), sync: (rest) => pairSync(rest, pairHelp), canary: (rest) => pairCanary(rest, pairHelp) });

async function pair(sub: 'plan' | 'apply' | 'status', rest: string[]): Promise<void> {
  const cmd = `pair ${sub}`;
  const { values, positionals } = parse(rest, OPTIONS, cmd);
  if (values.help) return writeOutput(undefined, `${pairHelp}\n`);
  const { main, failover } = readPairSites(values, positionals, cmd);
  const options = { bothWays: values['both-ways'] === true, keepOtherEntries: values['keep-other-entries'] === true };
  if (sub === 'apply') {
    // Nothing is changed unless every node answers, both sites have one shape and every token is admin.
    const checks = await checkPairingSites(main, failover);
    if (!checks.ok) throw new CliError(`${cmd}: nothing was changed: ${checks.checks.filter((c) => !c.ok).flatMap((c) => c.reasons).join(' ')}`);
  }
  let state: PairingState;
  try {
    state = await readPairing(main, failover, options);
  } catch (e) {
    if (e instanceof RangeError) throw new CliError(`${cmd}: ${e.message}`);
    throw e;
  }

  if (sub === 'plan') {
    if (values.json) return writeOutput(undefined, `${JSON.stringify({ paired: state.paired, directions: state.directions }, null, 2)}\n`);
    return writeOutput(undefined, `${[...planLines(state), state.paired ? 'paired: nothing to change' : 'run keyferry pair apply with the same options to make these changes'].join('\n')}\n`);
  }
  if (sub === 'apply') {
    const applied = await applyPairing(state, new Map([main, failover].map((c) => [c.site.name, c])));
    const after = await readPairing(main, failover, options);
    if (values.json) writeOutput(undefined, `${JSON.stringify({ applied, paired: after.paired, problems: after.problems }, null, 2)}\n`);
    else writeOutput(undefined, `${applied.map((a) => `  ${a.site} node ${a.index}  ${a.part ? `${a.part} ` : ''}${a.outcome}${a.reason ? `: ${a.reason}` : ''}`).join('\n')}\n${after.paired ? 'paired' : 'not paired'}\n`);
    const bad = applied.filter((a) => a.outcome === 'conflict' || a.outcome === 'failed');
    if (bad.length > 0) throw new CliError(`${cmd}: ${bad.map((a) => `${a.site} node ${a.index}${a.part ? ` ${a.part}` : ''} ${a.outcome === 'conflict' ? 'changed meanwhile' : `failed (${a.reason})`}`).join('; ')}; the other nodes were changed as listed — run keyferry pair plan again`, EXIT_REFUSED);
    if (!after.paired) throw new CliError(`${cmd}: the sites are still not paired: ${after.problems.filter((p) => p.node !== null).map((p) => p.message).join('; ')}`, EXIT_REFUSED);
    return;
  }
  if (values.json) writeOutput(undefined, `${JSON.stringify(statusJson(state), null, 2)}\n`);
  else writeOutput(undefined, `${[state.paired ? `paired: ${state.main} → ${state.failover}` : 'not paired', ...state.problems.map((p) => `  ${p.code}  ${p.message}`)].join('\n')}\n`);
  if (!state.paired || state.problems.length > 0) throw new CliError(`${cmd}: ${state.paired ? '' : 'not paired; '}${state.problems.length} problem(s)`, EXIT_REFUSED);
}
