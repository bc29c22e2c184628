// keyferry session keygen | export | import: run a multi-node session on a site from its
// profile (DESIGN.md "Session"). Every node of the site is asked to join with the same
// session ID and parameters; the CLI then polls each node until it is done or failed and
// reports one line per node. Export assembles the nodes' wrapped shares into a
// keyferry-bundle/1; import sends each node its own share of a bundle.
import { fromBase64, toBase64, toBase64Url } from '../../crypto/bytes.ts';
import { KEY_ID_PATTERN } from '../../crypto/names.ts';
import { BUNDLE_FORMAT, serializeBundle, splitBundle, validateBundle, type Bundle } from '../../crypto/bundle.ts';
import { CURVE_NAMES, parseCurveName } from '../../crypto/curves.ts';
import { fingerprint } from '../../crypto/public-key.ts';
import { randomBytes } from '../../crypto/random.ts';
import { importJoinRequest, importProblems } from '../../client/import-plan.ts';
import type { JoinSession, SessionView } from '../../protocol/session.ts';
import { SessionId } from '../../protocol/session.ts';
import { integer, parse, required } from '../args.ts';
import { about } from '../context.ts';
import { CliError, EXIT_REFUSED, EXIT_USAGE } from '../errors.ts';
import { writeOutput } from '../io.ts';
import { readBundles, readWrappingKeys } from '../key-files.ts';
import { failureSentence, nodeLines, runSession, type SessionOutcome } from '../session-run.ts';
import { readSiteProfile, type Site } from '../site-client.ts';

const COMMON_HELP = `  --site <profile|name>   the site profile JSON (site, threshold, each node's URL and
                          token), or a site name of the local cluster: <home>/sites/<name>.json
  --session-id <id>       16–64 characters of A–Z a–z 0–9 _ - (default: 22 random ones);
                          joining again with the same ID and parameters is harmless
  --timeout <seconds>     how long the nodes wait for each other to join (1–600, default 10);
                          the CLI waits that plus 30 s for the rounds, plus 5 s
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
  site: Site;
  sessionId: string;
  timeoutS?: number;
  json: boolean;
}

function common(values: { site?: string | undefined; 'session-id'?: string | undefined; timeout?: string | undefined; json?: boolean | undefined }, command: string): Common {
  const siteArg = required(values.site, '--site', command);
  const timeoutS = integer(values.timeout, '--timeout', command);
  if (timeoutS !== undefined && (timeoutS < 1 || timeoutS > 600)) throw new CliError(`${command}: --timeout must be 1–600 seconds; got ${timeoutS}`, EXIT_USAGE);
  let sessionId = values['session-id'];
  if (sessionId !== undefined) {
    const ok = SessionId.safeParse(sessionId);
    if (!ok.success) throw new CliError(`${command}: --session-id "${sessionId}": ${ok.error.issues[0]!.message}`, EXIT_USAGE);
  } else {
    sessionId = toBase64Url(randomBytes(16));
  }
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

/** The key every done node reports; the nodes must agree on it. */
function agreedResult(outcome: SessionOutcome): NonNullable<SessionView['result']> {
  const results = outcome.nodes.map((n) => n.view!.result);
  const first = results[0];
  if (!first) throw new CliError(`session ${outcome.sessionId}: node ${outcome.nodes[0]!.node.index} reports done without a result`);
  for (const [i, r] of results.entries()) {
    const at = outcome.nodes[i]!.node.index;
    if (!r) throw new CliError(`session ${outcome.sessionId}: node ${at} reports done without a result`);
    for (const field of ['keyId', 'curve', 'threshold', 'publicKey'] as const) {
      if (r[field] !== first[field]) {
        throw new CliError(`session ${outcome.sessionId}: the nodes report different ${field}s (node ${outcome.nodes[0]!.node.index}: ${String(first[field])}, node ${at}: ${String(r[field])}); do not use this key`);
      }
    }
  }
  return first;
}

/** Human report (or JSON); throws the failure sentence unless every node is done. */
function report(outcome: SessionOutcome, c: Common, extra: { lines?: string[]; json?: Record<string, unknown>; toStderr?: boolean; result?: (r: NonNullable<SessionView['result']>) => string[] } = {}): void {
  const write = (text: string) => (extra.toStderr ? process.stderr.write(text) : process.stdout.write(text));
  // Checked in both modes: the nodes must agree on the key they report.
  const resultLines = outcome.ok && extra.result ? extra.result(agreedResult(outcome)) : [];
  if (c.json) {
    const body = {
      sessionId: outcome.sessionId,
      kind: outcome.kind,
      site: outcome.site.site,
      ok: outcome.ok,
      nodes: outcome.nodes.map((n) => ({ index: n.node.index, url: n.node.url, ...(n.view ? { view: n.view } : {}), ...(n.error ? { error: n.error.message } : {}) })),
      ...(extra.json ?? {}),
    };
    write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    const lines = [
      `session ${outcome.sessionId}  (${outcome.kind} on site ${outcome.site.site}, ${outcome.site.nodes.length} nodes, t = ${outcome.site.threshold})`,
      ...nodeLines(outcome),
    ];
    lines.push(...resultLines, ...(extra.lines ?? []));
    write(`${lines.join('\n')}\n`);
  }
  if (!outcome.ok) throw new CliError(failureSentence(outcome), EXIT_REFUSED);
}

function keyLines(r: NonNullable<SessionView['result']>): string[] {
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
  const outcome = await runSession(c.site, () => request, c.timeoutS);
  report(outcome, c, { result: (r) => [...keyLines(r), ...(values['chain-code'] ? ['chain code   yes (BIP32, the same on every node)'] : [])] });
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
      `${cmd}: site ${c.site.site} has ${c.site.nodes.length} nodes; give one --wrapping-key per node in index order, got ${files.length}`,
      EXIT_USAGE,
    );
  }
  const keys = await readWrappingKeys(files);
  const fingerprints = keys.map((k) => fingerprint(k.der));
  const dup = fingerprints.findIndex((f, i) => fingerprints.indexOf(f) !== i);
  if (dup >= 0) {
    throw new CliError(`${cmd}: --wrapping-key #${fingerprints.indexOf(fingerprints[dup]!) + 1} and #${dup + 1} are the same key; one holder would get several shares`);
  }
  const request: JoinSession = {
    sessionId: c.sessionId,
    kind: 'export',
    parameters: { keyId, wrappingKeys: keys.map((k) => toBase64(k.der)) },
    ...timeoutMs(c),
  };
  const outcome = await runSession(c.site, () => request, c.timeoutS);
  if (!outcome.ok) return report(outcome, c, { toStderr: toStdout });

  const r = agreedResult(outcome);
  const shares = outcome.nodes.map((n) => {
    const share = n.view!.result!.share;
    const i = n.node.index;
    if (!share) throw new CliError(`session ${outcome.sessionId}: node ${i} reports done without its wrapped share`);
    if (share.index !== i) throw new CliError(`session ${outcome.sessionId}: node ${i} returned a share for index ${share.index}`);
    if (share.wrappingKeyFingerprint !== fingerprints[i - 1]) {
      throw new CliError(`session ${outcome.sessionId}: node ${i} wrapped its share for ${share.wrappingKeyFingerprint.slice(0, 16)}…, not the --wrapping-key #${i} given (${fingerprints[i - 1]!.slice(0, 16)}…)`);
    }
    return share;
  });
  const bundle: Bundle = await about(`session ${outcome.sessionId}: the nodes' shares`, () =>
    validateBundle({ format: BUNDLE_FORMAT, curve: r.curve, threshold: r.threshold, publicKey: r.publicKey, keyId: r.keyId, shares }, 'bundle'),
  );
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
  report(outcome, c, {
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
  const problems = importProblems(bundle, { site: site.site, threshold: site.threshold, nodeIndexes: site.nodes.map((x) => x.index) });
  if (problems.length > 0) throw new CliError(`${cmd}: ${problems[0]}`);
  const keyId = keyIdGiven ?? bundle.keyId;
  const outcome = await runSession(
    site,
    (node) => importJoinRequest(bundle, node.index, c.sessionId, { keyId, ...timeoutMs(c) }),
    c.timeoutS,
  );
  report(outcome, c, {
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

export async function sessionCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    writeOutput(undefined, `${sessionHelp}\n`);
    if (sub === undefined) throw new CliError('session: name a sub-command: keygen, export or import', EXIT_USAGE);
    return;
  }
  const run = SUBCOMMANDS[sub];
  if (!run) throw new CliError(`session: "${sub}" is not a session sub-command; use keygen, export or import`, EXIT_USAGE);
  await run(rest);
}
