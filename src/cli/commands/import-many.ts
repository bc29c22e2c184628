// keyferry import-many: external keys in bulk into a site (issue 13), on the client's
// importMany (src/client/bulk-import.ts) with the worker-thread split-and-wrap pool. The
// keys come from a folder (one file per key, key ID = file name without its extension, an
// optional <name>.chaincode beside it) or a JSONL manifest (one {"keyId", "key",
// "chainCode"?} per line), read lazily in order. Everything about the input that can be
// checked without reading key material (key IDs from file names, each manifest line's
// shape) is checked first, so a malformed input imports nothing. Progress on stderr, one
// line per failed key, the summary on stdout; --report writes the per-key report (CSV or
// JSON) atomically. Key material is never printed.
import { createReadStream, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { toBase64 } from '../../crypto/bytes.ts';
import { KEY_ID_PATTERN } from '../../crypto/names.ts';
import { asciiText } from '../../crypto/public-key.ts';
import { MAX_BATCH_KEYS } from '../../client/batch.ts';
import {
  BulkImportError,
  BulkInputError,
  DEFAULT_BATCH_SIZE,
  importMany,
  parseManifestLine,
  reportToCsv,
  reportToJson,
  type BulkKeyInput,
  type BulkKeyReport,
  type BulkProgress,
} from '../../client/bulk-import.ts';
import { createSiteClient } from '../../client/site-client.ts';
import { integer, parse, required } from '../args.ts';
import { interruptible } from '../interrupt.ts';
import { CliError, EXIT_REFUSED, EXIT_USAGE } from '../errors.ts';
import { writeOutput } from '../io.ts';
import { CLI_REQUEST_TIMEOUT_MS, readSiteProfile } from '../site-profile.ts';
import { createSplitWrapPool } from '../split-wrap-pool.ts';

export const importManyHelp = `Usage: keyferry import-many --site <profile|name> --keys <dir|file.jsonl> [options]

Imports many external private keys into every node of the site: each key is split and
wrapped for the site's nodes on all cores, and the keys go in batches, one session each.
A key already on every node with the same public key is skipped, so an interrupted run is
simply run again; a key ID held for another key (or on some nodes only) fails and is never
overwritten; a key ID given twice fails the second time.

  --site <profile|name>   the site profile JSON, or a site name of the local cluster
  --keys <dir>            a folder: every regular file is one key, its key ID the file name
                          without extension (1–64 of A–Z a–z 0–9 _ -); a file <name>.chaincode
                          beside it holds that key's BIP32 chain code (64 hex digits);
                          dotfiles are skipped; read in sorted order
  --keys <file.jsonl>     one key per line: {"keyId": "…", "key": "…", "chainCode": "…"?};
                          blank lines are skipped
  --batch-size <n>        keys per import session (1–${MAX_BATCH_KEYS}, default ${DEFAULT_BATCH_SIZE})
  --report <file>         write the per-key report (keyId, source, status, reason, message,
                          publicKey) as CSV (.csv) or JSON (.json)
  --json                  print the report as JSON on stdout instead of the summary

A key is text in any format Keyferry reads (PKCS#8 or SEC1 PEM, JWK, hex — secp256k1 —,
WIF, xprv, base64 DER); a binary DER file is read as DER. Progress (rate, time left) and
one line per failed key go to stderr. Exit 0 when every key is done or skipped, 1 when
any failed or the run was interrupted (Ctrl-C stops after the batch being imported), 2
for a usage error.`;

const OPTIONS = {
  site: { type: 'string' },
  keys: { type: 'string' },
  'batch-size': { type: 'string' },
  report: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const CMD = 'import-many';
const CHAIN_CODE_EXT = '.chaincode';

/**
 * PEM armour for a binary DER private key: PKCS#8 (version INTEGER, then the algorithm
 * SEQUENCE) or SEC1 (version INTEGER, then the key OCTET STRING), told by the element after
 * the version; undefined when the bytes are neither. (The core's reader of one-line base64
 * DER takes only keys of 128 bytes and more, which leaves out Ed25519 and most SEC1 keys.)
 */
function pemLabel(der: Uint8Array): string | undefined {
  if (der[0] !== 0x30 || der.length < 8) return undefined;
  const lengthBytes = der[1]! < 0x80 ? 0 : der[1]! & 0x7f;
  const version = 2 + lengthBytes;
  if (der[version] !== 0x02 || der[version + 1] !== 0x01) return undefined;
  const next = der[version + 3];
  return next === 0x30 ? 'PRIVATE KEY' : next === 0x04 ? 'EC PRIVATE KEY' : undefined;
}

/** A key file's text; a binary (DER) file as PEM, which the core reads whatever its size. */
function keyText(path: string): string {
  const bytes = readFileSync(path);
  try {
    const text = asciiText(bytes);
    if (text !== undefined) return text;
    const label = pemLabel(bytes);
    const b64 = toBase64(bytes);
    if (label === undefined) return b64;
    return `-----BEGIN ${label}-----\n${b64.replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
  } finally {
    bytes.fill(0);
  }
}

interface Input {
  total: number;
  keys: () => AsyncGenerator<BulkKeyInput>;
}

/** A folder of key files: names checked now, contents read one by one as they are pulled. */
function folderInput(dir: string): Input {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new CliError(`${CMD}: --keys ${dir}: cannot read the folder: ${(e as Error).message}`, EXIT_USAGE);
  }
  const names = new Set(entries.map((e) => e.name));
  const files = entries
    .filter((e) => !e.name.startsWith('.') && !e.name.endsWith(CHAIN_CODE_EXT) && (e.isFile() || (e.isSymbolicLink() && statSync(join(dir, e.name), { throwIfNoEntry: false })?.isFile())))
    .map((e) => e.name)
    .sort();
  if (files.length === 0) throw new CliError(`${CMD}: --keys ${dir}: the folder holds no key files`, EXIT_USAGE);
  const bad = files.filter((f) => !KEY_ID_PATTERN.test(basename(f, extname(f))));
  if (bad.length > 0) {
    throw new CliError(`${CMD}: --keys ${dir}: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}: a file name without its extension is the key ID, 1–64 characters of A–Z, a–z, 0–9, "_" and "-"; rename ${bad.length === 1 ? 'it' : 'them'}`, EXIT_USAGE);
  }
  const orphan = [...names].filter((n) => n.endsWith(CHAIN_CODE_EXT) && !n.startsWith('.') && !files.some((f) => basename(f, extname(f)) === basename(n, CHAIN_CODE_EXT)));
  if (orphan.length > 0) throw new CliError(`${CMD}: --keys ${dir}: ${orphan[0]} has no key file beside it (expected ${basename(orphan[0]!, CHAIN_CODE_EXT)}.<ext>)`, EXIT_USAGE);
  return {
    total: files.length,
    async *keys() {
      for (const file of files) {
        const keyId = basename(file, extname(file));
        const input: BulkKeyInput = { keyId, source: file, key: keyText(join(dir, file)) };
        const chainFile = `${keyId}${CHAIN_CODE_EXT}`;
        if (names.has(chainFile)) input.chainCode = readFileSync(join(dir, chainFile), 'utf8').trim();
        yield input;
      }
    },
  };
}

/** A JSONL manifest: every line's shape checked in a first pass (nothing kept), then streamed. */
async function manifestInput(path: string): Promise<Input> {
  const source = basename(path);
  const lines = async function* (): AsyncGenerator<{ line: string; lineNo: number }> {
    const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of rl) {
      lineNo++;
      if (line.trim() !== '') yield { line, lineNo };
    }
  };
  let total = 0;
  try {
    for await (const { line, lineNo } of lines()) {
      parseManifestLine(line, lineNo, source);
      total++;
    }
  } catch (e) {
    if (e instanceof BulkInputError) throw new CliError(`${CMD}: --keys ${path}: ${e.message}; nothing was imported`, EXIT_USAGE);
    throw new CliError(`${CMD}: --keys ${path}: cannot read the manifest: ${(e as Error).message}`, EXIT_USAGE);
  }
  if (total === 0) throw new CliError(`${CMD}: --keys ${path}: the manifest has no keys`, EXIT_USAGE);
  return {
    total,
    async *keys() {
      for await (const { line, lineNo } of lines()) yield parseManifestLine(line, lineNo, source);
    },
  };
}

async function readInput(given: string): Promise<Input> {
  const s = statSync(given, { throwIfNoEntry: false });
  if (s === undefined) throw new CliError(`${CMD}: --keys ${given}: no such file or folder`, EXIT_USAGE);
  if (s.isDirectory()) return folderInput(given);
  if (!/\.jsonl$/i.test(given)) throw new CliError(`${CMD}: --keys ${given}: give a folder of key files or a .jsonl manifest`, EXIT_USAGE);
  return manifestInput(given);
}

function progressLine(p: BulkProgress): string {
  const finished = p.done + p.skipped + p.failed;
  const left = p.secondsLeft === undefined ? '' : `, ~${Math.ceil(p.secondsLeft)} s left`;
  return `[${finished}/${p.total ?? '?'}] ${p.done} done, ${p.skipped} skipped, ${p.failed} failed — ${p.keysPerSecond.toFixed(1)} keys/s${left}`;
}

export async function importManyCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS, CMD);
  if (values.help) {
    writeOutput(undefined, `${importManyHelp}\n`);
    return;
  }
  if (positionals.length > 0) throw new CliError(`${CMD}: unexpected argument "${positionals[0]}"; see keyferry ${CMD} --help`, EXIT_USAGE);
  const site = readSiteProfile(required(values.site, '--site', CMD));
  const batchSize = integer(values['batch-size'], '--batch-size', CMD) ?? DEFAULT_BATCH_SIZE;
  if (batchSize < 1 || batchSize > MAX_BATCH_KEYS) throw new CliError(`${CMD}: --batch-size must be 1–${MAX_BATCH_KEYS}; got ${batchSize}`, EXIT_USAGE);
  const reportFile = values.report;
  const reportFormat = reportFile === undefined ? undefined : /\.csv$/i.test(reportFile) ? 'csv' : /\.json$/i.test(reportFile) ? 'json' : undefined;
  if (reportFile !== undefined && reportFormat === undefined) throw new CliError(`${CMD}: --report ${reportFile}: name a .csv or a .json file`, EXIT_USAGE);
  const input = await readInput(required(values.keys, '--keys', CMD));

  const client = createSiteClient(site, { timeoutMs: CLI_REQUEST_TIMEOUT_MS });
  const pool = createSplitWrapPool();
  const stop = interruptible('stopping after the batch being imported');
  const started = Date.now();
  let report: readonly BulkKeyReport[];
  let progress!: BulkProgress;
  let stopped: string | undefined;
  try {
    const result = await importMany(client, input.keys(), {
      wrapper: pool,
      batchSize,
      total: input.total,
      signal: stop.signal,
      onProgress: (p) => process.stderr.write(`${progressLine(p)}\n`),
      onKey: (r) => r.status === 'failed' && process.stderr.write(`failed ${r.keyId}: ${r.message ?? r.reason}\n`),
    });
    report = result.report;
    progress = result.progress;
  } catch (e) {
    if (!(e instanceof BulkImportError)) throw e;
    if (e.progress === undefined) throw new CliError(`${CMD}: ${e.message}`, EXIT_REFUSED);
    report = e.report;
    progress = e.progress;
    stopped = e.message;
  } finally {
    stop.done();
    pool.close();
  }
  if (reportFile !== undefined) writeOutput(reportFile, reportFormat === 'csv' ? reportToCsv(report) : reportToJson(report));

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const notReached = input.total - report.length;
  if (values.json) {
    writeOutput(undefined, `${JSON.stringify({ site: site.name, progress, keys: JSON.parse(reportToJson(report)).keys }, null, 2)}\n`);
  } else {
    writeOutput(undefined, `${input.total} key(s) into site ${site.name}: ${progress.done} done, ${progress.skipped} skipped, ${progress.failed} failed${notReached > 0 ? `, ${notReached} not reached` : ''} (${seconds} s, ${progress.keysPerSecond.toFixed(1)} keys/s)\n`);
  }
  if (stopped !== undefined) throw new CliError(`${CMD}: ${stopped}; run it again to go on`, EXIT_REFUSED);
  if (progress.failed > 0) throw new CliError(`${CMD}: ${progress.failed} key(s) failed (listed above${reportFile === undefined ? '' : ` and in ${reportFile}`}); the others are on every node`, EXIT_REFUSED);
  if (notReached > 0) throw new CliError(`${CMD}: interrupted after ${report.length} of ${input.total} keys; run it again to go on (keys already imported are skipped)`, EXIT_REFUSED);
}
