// keyferry session keygen | export | import: run a multi-node session on a site from its
// profile (DESIGN.md "Session") with the client's runSession (src/client/): every node of
// the site is asked to join with the same session ID and parameters, then followed until
// it is done or failed; the report is session-report.ts. Export assembles the nodes'
// wrapped shares into a keyferry-bundle/1 (the client's export plan); import sends each
// node its own share of a bundle (the import plan). This file parses the command lines.
import { fromBase64, toBase64 } from '../../crypto/bytes.ts';
import { KEY_ID_PATTERN } from '../../crypto/names.ts';
import { serializeBundle, splitBundle, type Bundle } from '../../crypto/bundle.ts';
import { CURVE_NAMES, parseCurveName } from '../../crypto/curves.ts';
import { fingerprint } from '../../crypto/public-key.ts';
import { assembleBundle, exportJoinRequest, exportTargetsProblem } from '../../client/export-plan.ts';
import { importJoinRequest, importProblems } from '../../client/import-plan.ts';
import type { RunPolicy, SiteRun } from '../../client/run-session.ts';
import { newSessionId, sessionIdProblem } from '../../client/session-id.ts';
import { ResultError, type SessionResult } from '../../client/session-result.ts';
import { createSiteClient } from '../../client/site-client.ts';
import type { JoinSession } from '../../protocol/session.ts';
import { DEFAULT_JOIN_TIMEOUT_MS, JOIN_TIMEOUT_RANGE_MS, RUN_TIMEOUT_MS } from '../../protocol/session.ts';
import { integer, parse, required, runSubcommand } from '../args.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { writeOutput } from '../io.ts';
import { readBundles, readWrappingKeys } from '../key-files.ts';
import { report, type Printed } from '../session-report.ts';
import { CLI_REQUEST_TIMEOUT_MS, readSiteProfile, type ProfiledSite } from '../site-profile.ts';

const COMMON_HELP = `  --site <profile|name>   the site profile JSON (site, threshold, each node's URL and
                          token), or a site name of the local cluster: <home>/sites/<name>.json
  --session-id <id>       16–64 characters of A–Z a–z 0–9 _ - (default: 22 random ones);
                          joining again with the same ID and parameters is harmless
  --timeout <seconds>     how long the nodes wait for each other to join (${JOIN_TIMEOUT_RANGE_MS.min / 1000}–${JOIN_TIMEOUT_RANGE_MS.max / 1000}, default ${DEFAULT_JOIN_TIMEOUT_MS / 1000});
                          the CLI waits that plus ${RUN_TIMEOUT_MS / 1000} s for the rounds, plus 5 s
  --json                  print every node's final session view as JSON instead

Prints the session ID, one line per node with its final state, then the result. Exit 0
only when every node is done; otherwise the failure sentence (reason, node, and for a
mismatch the field and each side) on stderr and exit 1. A node that cannot be joined
(unreachable, token refused) is named; the others then time out without acting.`;

export const sessionKeygenHelp = `Usage: keyferry session keygen --site <profile> --curve <curve> [options]

Generates a key jointly on every node of the site (no node ever holds the private key).

  --curve <curve>         secp256k1, P-256, P-384, Ed25519
  --key-id <id>           1–64 characters of A–Z a–z 0–9 _ - (default: derived from the session ID)
  --chain-code            also derive a BIP32 chain code jointly
${COMMON_HELP}`;

export const sessionExportHelp = `Usage: keyferry session export --site <profile> --key-id <id> --wrapping-key <file>… [options]

Exports a key from every node of the site: each node re-randomizes its share and wraps it
under the wrapping key for its index, which must be on that node's export whitelist. The
shares are assembled into a keyferry-bundle/1.

  --key-id <id>           the key to export (one starting with "-": --key-id=<id>)
  --wrapping-key <file>   repeat once per node, in index order; PEM, PKCS#1 PEM, DER or
                          one-line base64 SPKI (RSA ≥ 2048 bits)
  --out <file>            write the bundle here (default stdout; the report then goes to stderr)
  --per-share             also write <out>.share-<i>.json, one per share (needs --out)
${COMMON_HELP}`;

export const sessionImportHelp = `Usage: keyferry session import --site <profile> --bundle <file>… [options]

Imports a key from a keyferry-bundle/1 whose share i is wrapped for node i's wrapping key
(from keyferry split, or a session export to this site's wrapping keys). Every node of the
site must have its share; the nodes check together that the shares belong to the public
key before any stores it.

  --bundle <file>         the bundle; repeat for per-share files (they are merged)
  --key-id <id>           store under this key ID (default: the bundle's, else derived)
${COMMON_HELP}`;

export const sessionHelp = `Usage: keyferry session <keygen|export|import> [options]

Runs a session on every node of a site, as the console does, and waits for the verdict.

  keygen    generate a key jointly on the site's nodes
  export    export a key, wrapped for one wrapping key per node → keyferry-bundle/1
  import    import a keyferry-bundle/1 (from split or another site's export)

Run keyferry session <sub-command> --help for its options.`;

const commonOptions = {
  site: { type: 'string' },
  'session-id': { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

interface Common {
  site: ProfiledSite;
  sessionId: string;
  timeoutS?: number;
  json: boolean;
}

function common(values: { site?: string | undefined; 'session-id'?: string | undefined; timeout?: string | undefined; json?: boolean | undefined }, command: string): Common {
  const siteArg = required(values.site, '--site', command);
  const timeoutS = integer(values.timeout, '--timeout', command);
  const [min, max] = [JOIN_TIMEOUT_RANGE_MS.min / 1000, JOIN_TIMEOUT_RANGE_MS.max / 1000];
  if (timeoutS !== undefined && (timeoutS < min || timeoutS > max)) throw new CliError(`${command}: --timeout must be ${min}–${max} seconds; got ${timeoutS}`, EXIT_USAGE);
  const sessionId = values['session-id'] ?? newSessionId();
  const problem = sessionIdProblem(sessionId);
  if (problem !== undefined) throw new CliError(`${command}: --session-id "${sessionId}": ${problem}`, EXIT_USAGE);
  const site = readSiteProfile(siteArg);
  return { site, sessionId, ...(timeoutS === undefined ? {} : { timeoutS }), json: values.json === true };
}

function keyIdOption(value: string | undefined, command: string): string | undefined {
  if (value !== undefined && !KEY_ID_PATTERN.test(value)) {
    throw new CliError(`${command}: --key-id "${value}" is not a key ID: 1–64 characters of A–Z, a–z, 0–9, "_" and "-"`, EXIT_USAGE);
  }
  return value;
}

function noPositionals(positionals: string[], command: string): void {
  if (positionals.length > 0) throw new CliError(`${command}: unexpected argument "${positionals[0]}"; see keyferry ${command} --help`, EXIT_USAGE);
}

function timeoutMs(c: Common): { timeoutMs?: number } {
  return c.timeoutS === undefined ? {} : { timeoutMs: c.timeoutS * 1000 };
}

/** The CLI's join policy: joins that get no answer are sent twice more; once a node refused, the rest are not waited for. */
const CLI_POLICY: RunPolicy = { pollMs: 200, joinAttempts: 3, joinRetryMs: 500, stopOnRefusal: true };

function run(c: Common, requestFor: (index: number) => JoinSession): Promise<SiteRun> {
  return createSiteClient(c.site, { timeoutMs: CLI_REQUEST_TIMEOUT_MS }).runSession(requestFor, CLI_POLICY);
}

const printed = (c: Common, kind: JoinSession['kind']): Printed => ({ kind, site: c.site, json: c.json });

function keyLines(r: SessionResult): string[] {
  return [
    `key ID       ${r.keyId}`,
    `curve        ${r.curve} (t = ${r.threshold})`,
    `public key   ${r.publicKey}`,
    `fingerprint  ${fingerprint(fromBase64(r.publicKey, 'publicKey'))}`,
  ];
}

async function keygen(argv: string[]): Promise<void> {
  const cmd = 'session keygen';
  const { values, positionals } = parse(argv, { ...commonOptions, curve: { type: 'string' }, 'key-id': { type: 'string' }, 'chain-code': { type: 'boolean' } }, cmd);
  if (values.help) return writeOutput(undefined, `${sessionKeygenHelp}\n`);
  noPositionals(positionals, cmd);
  const curveText = required(values.curve, '--curve', cmd);
  let curve;
  try {
    curve = parseCurveName(curveText, '--curve');
  } catch {
    throw new CliError(`${cmd}: --curve must be one of ${CURVE_NAMES.join(', ')}; got "${curveText}"`, EXIT_USAGE);
  }
  const keyId = keyIdOption(values['key-id'], cmd);
  const c = common(values, cmd);
  const request: JoinSession = {
    sessionId: c.sessionId,
    kind: 'keygen',
    parameters: { curve, ...(keyId === undefined ? {} : { keyId }), ...(values['chain-code'] ? { chainCode: true } : {}) },
    ...timeoutMs(c),
  };
  const outcome = await run(c, () => request);
  report(outcome, printed(c, 'keygen'), { result: (r) => [...keyLines(r), ...(values['chain-code'] ? ['chain code   yes (BIP32, the same on every node)'] : [])] });
}

async function exportKey(argv: string[]): Promise<void> {
  const cmd = 'session export';
  const { values, positionals } = parse(
    argv,
    { ...commonOptions, 'key-id': { type: 'string' }, 'wrapping-key': { type: 'string', multiple: true }, out: { type: 'string' }, 'per-share': { type: 'boolean' } },
    cmd,
  );
  if (values.help) return writeOutput(undefined, `${sessionExportHelp}\n`);
  noPositionals(positionals, cmd);
  const keyId = required(keyIdOption(values['key-id'], cmd), '--key-id', cmd);
  const files = required(values['wrapping-key'], '--wrapping-key', cmd);
  const toStdout = values.out === undefined || values.out === '-';
  if (values['per-share'] && toStdout) throw new CliError(`${cmd}: --per-share needs --out <file> to name the share files`, EXIT_USAGE);
  if (values.json && toStdout) throw new CliError(`${cmd}: --json needs --out <file> (the bundle would share stdout with the JSON report)`, EXIT_USAGE);
  const c = common(values, cmd);
  if (files.length !== c.site.nodes.length) {
    throw new CliError(
      `${cmd}: site ${c.site.name} has ${c.site.nodes.length} nodes; give one --wrapping-key per node in index order, got ${files.length}`,
      EXIT_USAGE,
    );
  }
  const keys = await readWrappingKeys(files);
  const targets = keys.map((k) => ({ spki: toBase64(k.der), fingerprint: fingerprint(k.der) }));
  const problem = exportTargetsProblem(targets, c.site.nodes.length);
  if (problem !== undefined) throw new CliError(`${cmd}: --wrapping-key: ${problem}`);
  const outcome = await run(c, () => exportJoinRequest(c.sessionId, keyId, targets, timeoutMs(c)));
  if (outcome.outcome !== 'done') return report(outcome, printed(c, 'export'), { toStderr: toStdout });

  let bundle: Bundle;
  try {
    bundle = assembleBundle({ views: outcome.nodes.map((n) => n.view!), fingerprints: targets.map((t) => t.fingerprint), expected: { keyId } });
  } catch (e) {
    if (e instanceof ResultError) throw new CliError(`session ${outcome.sessionId}: ${e.message}`);
    throw e;
  }
  const written: string[] = [];
  writeOutput(values.out, serializeBundle(bundle));
  if (!toStdout) written.push(values.out!);
  if (values['per-share']) {
    for (const part of splitBundle(bundle)) {
      const file = `${values.out!.replace(/\.json$/, '')}.share-${part.shares[0]!.index}.json`;
      writeOutput(file, serializeBundle(part));
      written.push(file);
    }
  }
  report(outcome, printed(c, 'export'), {
    toStderr: toStdout,
    result: (res) => [...keyLines(res), `bundle       ${toStdout ? '(stdout)' : written.join(', ')}`, ...(bundle.shares[0]!.wrappedChainCode ? ['chain code   included (wrapped per share)'] : [])],
    json: { bundle: toStdout ? '-' : values.out, ...(values['per-share'] ? { shareFiles: written.slice(1) } : {}) },
  });
}

async function importKey(argv: string[]): Promise<void> {
  const cmd = 'session import';
  const { values, positionals } = parse(argv, { ...commonOptions, bundle: { type: 'string', multiple: true }, 'key-id': { type: 'string' } }, cmd);
  if (values.help) return writeOutput(undefined, `${sessionImportHelp}\n`);
  noPositionals(positionals, cmd);
  const files = required(values.bundle, '--bundle', cmd);
  const keyIdGiven = keyIdOption(values['key-id'], cmd);
  const c = common(values, cmd);
  const bundle = await readBundles(files);
  const site = c.site;
  const problems = importProblems(bundle, { site: site.name, threshold: site.threshold, nodeIndexes: site.nodes.map((x) => x.index) });
  if (problems.length > 0) throw new CliError(`${cmd}: ${problems[0]}`);
  const keyId = keyIdGiven ?? bundle.keyId;
  const outcome = await run(c, (index) => importJoinRequest(bundle, index, c.sessionId, { keyId, ...timeoutMs(c) }));
  report(outcome, printed(c, 'import'), {
    result: (r) => {
      const expected = toBase64(bundle.publicKey);
      if (r.publicKey !== expected) {
        throw new CliError(`session ${outcome.sessionId}: the nodes report public key ${r.publicKey}, not the bundle's ${expected}`);
      }
      const present = outcome.nodes.every((x) => x.view?.result?.alreadyPresent);
      return [...keyLines(r), ...(bundle.shares[0]!.wrappedChainCode ? ['chain code   yes'] : []), ...(present ? ['note         the key was already on every node; nothing was stored again'] : [])];
    },
  });
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<void>> = { keygen, export: exportKey, import: importKey };

export const sessionCommand = (argv: string[]): Promise<void> => runSubcommand(argv, 'session', sessionHelp, SUBCOMMANDS);
