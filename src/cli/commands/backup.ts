// keyferry backup | archive | restore: cold storage from a terminal (issue 13,
// docs/backup.md), on the client's raw-backup.ts. Records live in a folder, one file per
// key per node: <dir>/<keyId>/node-<i>.json (each written atomically, mode 0600). backup
// writes them and reads them back against the site; archive does the same and only then
// deletes each verified key from the nodes; restore sends the records to the nodes (or to
// --node only, a blank one) and checks the site's public shares afterwards.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { archive, backupSite, restore, verifyBackup, type KeyReport, type Progress, type RestoreReport } from '../../client/raw-backup.ts';
import { createSiteClient, type SiteClient } from '../../client/site-client.ts';
import { KEY_ID_PATTERN } from '../../crypto/names.ts';
import { RawRecord } from '../../protocol/raw-backup.ts';
import { writeFileAtomic } from '../../node/atomic-file.ts';
import { integer, parse, required } from '../args.ts';
import { CliError, EXIT_REFUSED, EXIT_USAGE } from '../errors.ts';
import { CLI_REQUEST_TIMEOUT_MS, readSiteProfile } from '../site-profile.ts';

const COMMON = `  --site <profile|name>   the site profile JSON, or a site name of the local cluster
  --dir <dir>             the backup folder: <dir>/<keyId>/node-<i>.json, one file per key per node
  --key-id <id>           a key to handle (repeat for more)
  --all                   every key (backup, archive: every key a node holds; restore: every key in --dir)
  --json                  print the per-key result as JSON on stdout

Progress goes to stderr. Exit 0 when every key is good; otherwise one sentence per
problem on stderr, naming the key and the node, and exit 1.`;

export const backupHelp = `Usage: keyferry backup --site <site> --dir <dir> (--key-id <id>… | --all) [--json]

Raw backup: every node wraps its share of each key under its own master KEK (AES-KWP,
keyferry-raw/1). The files are written, then read back and checked against the site:
each record names its node and key, carries that node's KEK fingerprint, and the public
shares lie on one polynomial through the key's public key. A noCopy key is disabled on
the nodes by its backup (restore it to use it again).

${COMMON}`;

export const archiveHelp = `Usage: keyferry archive --site <site> --dir <dir> (--key-id <id>… | --all) [--json]

Archive = backup, verify, then delete from every node. A key whose records did not verify
or could not be written stays on the nodes.

${COMMON}`;

export const restoreHelp = `Usage: keyferry restore --site <site> --dir <dir> (--key-id <id>… | --all) [--node <i>…] [--json]

Sends each node the records made for its index; a node refuses a record made under
another master KEK, for another node, for a key ID it holds with another public key, or
a noCopy record it restored once already. Afterwards every node's public share of each
key is checked against the key's public key.

${COMMON}
  --node <i>              restore onto this node only (repeat for more), e.g. a blank node
                          started with the same master KEK`;

const OPTIONS = {
  site: { type: 'string' },
  dir: { type: 'string' },
  'key-id': { type: 'string', multiple: true },
  all: { type: 'boolean' },
  node: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

interface Parsed {
  client: SiteClient;
  dir: string;
  keyIds: string[] | 'all';
  nodes?: number[];
  json: boolean;
}

function read(argv: string[], command: 'backup' | 'archive' | 'restore', help: string): Parsed | undefined {
  const { values } = parse(argv, OPTIONS, command);
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return undefined;
  }
  const site = readSiteProfile(required(values.site, '--site', command));
  const dir = required(values.dir, '--dir', command);
  const ids = values['key-id'] ?? [];
  if (values.all && ids.length) throw new CliError(`${command}: give --key-id or --all, not both`, EXIT_USAGE);
  if (!values.all && !ids.length) throw new CliError(`${command}: name the keys with --key-id <id> (repeat for more), or give --all`, EXIT_USAGE);
  for (const id of ids) if (!KEY_ID_PATTERN.test(id)) throw new CliError(`${command}: --key-id "${id}" is not a key ID (1–64 characters of A–Z a–z 0–9 _ -)`, EXIT_USAGE);
  let nodes: number[] | undefined;
  if (values.node) {
    if (command !== 'restore') throw new CliError(`${command}: --node is for keyferry restore only`, EXIT_USAGE);
    nodes = values.node.map((n) => integer(n, '--node', command)!);
    for (const n of nodes) if (!site.nodes.some((s) => s.index === n)) throw new CliError(`${command}: --node ${n}: site ${site.name} has nodes ${site.nodes.map((s) => s.index).join(', ')}`, EXIT_USAGE);
  }
  return { client: createSiteClient(site, { timeoutMs: CLI_REQUEST_TIMEOUT_MS }), dir, keyIds: values.all ? 'all' : ids, ...(nodes ? { nodes } : {}), json: values.json === true };
}

/** Progress lines on stderr: each phase's start and end, and at most one line a second between. */
function progressPrinter(command: string): (p: Progress) => void {
  let last = 0;
  let phase = '';
  return (p) => {
    const now = Date.now();
    const edge = p.phase !== phase || p.done === p.total;
    if (!edge && now - last < 1000) return;
    phase = p.phase;
    last = now;
    process.stderr.write(`${command}: ${p.phase} ${p.done}/${p.total}\n`);
  };
}

const recordFile = (dir: string, keyId: string, index: number) => join(dir, keyId, `node-${index}.json`);

/** Write one key's records, one file per node, atomically; then read each back and compare. */
function writeRecords(dir: string, keyId: string, records: RawRecord[]): void {
  mkdirSync(join(dir, keyId), { recursive: true, mode: 0o700 });
  for (const r of records) {
    const file = recordFile(dir, keyId, r.index);
    const text = `${JSON.stringify(r, null, 2)}\n`;
    writeFileAtomic(file, text, 0o600);
    if (readFileSync(file, 'utf8') !== text) throw new Error(`${file} does not read back as written`);
  }
}

/** Every record file under `dir` for these keys ('all': every key folder), parsed; unreadable files are problems. */
function readRecords(dir: string, keyIds: string[] | 'all'): { records: RawRecord[]; keyIds: string[]; problems: string[] } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`--dir ${dir} is not a folder`);
  const ids = keyIds === 'all' ? readdirSync(dir).filter((name) => KEY_ID_PATTERN.test(name) && statSync(join(dir, name)).isDirectory()).sort() : keyIds;
  const records: RawRecord[] = [];
  const problems: string[] = [];
  for (const keyId of ids) {
    const folder = join(dir, keyId);
    const files = existsSync(folder) ? readdirSync(folder).filter((f) => /^node-\d+\.json$/.test(f)) : [];
    if (!files.length) problems.push(`key ${keyId}: no record files in ${folder}`);
    for (const f of files) {
      const file = join(folder, f);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        problems.push(`key ${keyId}: ${file} is not JSON (${(e as Error).message})`);
        continue;
      }
      const parsed = RawRecord.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        problems.push(`key ${keyId}: ${file} is not a keyferry-raw/1 record (${issue.path.join('.') || 'record'}: ${issue.message})`);
        continue;
      }
      const index = Number(f.slice(5, -5));
      if (parsed.data.keyId !== keyId || parsed.data.index !== index) {
        problems.push(`key ${keyId}: ${file} holds the record of key ${parsed.data.keyId} for node ${parsed.data.index}; it is in the wrong place`);
        continue;
      }
      records.push(parsed.data);
    }
  }
  return { records, keyIds: ids, problems };
}

function finish<R extends KeyReport>(command: string, reports: R[], extra: string[], json: boolean, line: (r: R) => string): void {
  if (json) process.stdout.write(`${JSON.stringify({ ok: reports.every((r) => r.ok) && extra.length === 0, keys: reports, problems: extra }, null, 2)}\n`);
  else for (const r of reports) process.stdout.write(`  ${r.keyId}  ${line(r)}\n`);
  const sentences = [...extra, ...reports.flatMap((r) => r.problems)];
  for (const s of sentences) process.stderr.write(`${command}: ${s}\n`);
  if (sentences.length || reports.some((r) => !r.ok)) {
    const bad = reports.filter((r) => !r.ok).length;
    throw new CliError(`${bad} of ${reports.length} key(s) not ${command === 'restore' ? 'restored' : command === 'archive' ? 'archived' : 'backed up'}${extra.length ? `, ${extra.length} other problem(s)` : ''}`, EXIT_REFUSED);
  }
}

export async function backupCommand(argv: string[]): Promise<void> {
  const p = read(argv, 'backup', backupHelp);
  if (!p) return;
  const onProgress = progressPrinter('backup');
  const result = await backupSite(p.client, p.keyIds, { onProgress });
  if (!result.keyIds.length) throw new CliError(`backup: site ${result.site} holds no keys`, EXIT_REFUSED);
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  const unwritten: string[] = [];
  for (const keyId of result.keyIds) {
    const mine = result.records.filter((r) => r.keyId === keyId);
    try {
      writeRecords(p.dir, keyId, mine);
    } catch (e) {
      unwritten.push(`key ${keyId}: its records could not be written (${(e as Error).message})`);
    }
  }
  // Verified readable: the files as they are now on disk, not what was kept in memory.
  const onDisk = readRecords(p.dir, result.keyIds);
  const { keys, unreadable } = await verifyBackup(p.client, result.keyIds, onDisk.records, { onProgress });
  const reports = keys.map((k) => {
    const problems = [...k.problems, ...result.problems.filter((x) => x.keyId === k.keyId).map((x) => x.message)];
    const disabledOn = result.disabled.filter((d) => d.keyId === k.keyId).map((d) => d.node);
    return { ...k, ok: problems.length === 0, problems, files: p.client.site.nodes.map((n) => recordFile(p.dir, k.keyId, n.index)), ...(disabledOn.length ? { disabledOn } : {}) };
  });
  finish('backup', reports, [...unwritten, ...unreadable, ...onDisk.problems], p.json, (r) => (r.ok ? `backed up and verified (${p.client.site.nodes.length} nodes)${r.disabledOn ? '; noCopy: now disabled on the nodes' : ''}` : 'FAILED'));
}

export async function archiveCommand(argv: string[]): Promise<void> {
  const p = read(argv, 'archive', archiveHelp);
  if (!p) return;
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  const { reports } = await archive(p.client, p.keyIds, {
    onProgress: progressPrinter('archive'),
    store: async (keys) => {
      const stored: string[] = [];
      const failed: Array<{ keyId: string; reason: string }> = [];
      for (const { keyId, records } of keys) {
        try {
          writeRecords(p.dir, keyId, records);
          const back = readRecords(p.dir, [keyId]);
          if (back.problems.length) throw new Error(back.problems.join('; '));
          if (back.records.length !== records.length) throw new Error(`${back.records.length} of ${records.length} files read back`);
          stored.push(keyId);
        } catch (e) {
          failed.push({ keyId, reason: (e as Error).message });
        }
      }
      return { stored, failed };
    },
  });
  if (!reports.length) throw new CliError('archive: the site holds no keys', EXIT_REFUSED);
  finish('archive', reports, [], p.json, (r) => (r.ok ? `archived (deleted from nodes ${r.deletedFrom.join(', ')})` : r.stored ? 'stored, NOT deleted everywhere' : 'FAILED, kept on the nodes'));
}

export async function restoreCommand(argv: string[]): Promise<void> {
  const p = read(argv, 'restore', restoreHelp);
  if (!p) return;
  const files = readRecords(p.dir, p.keyIds);
  if (!files.keyIds.length) throw new CliError(`restore: --dir ${p.dir} holds no key folders`, EXIT_REFUSED);
  const reports = await restore(p.client, files.records, { onProgress: progressPrinter('restore'), ...(p.nodes ? { nodes: p.nodes } : {}) });
  const seen = new Set(reports.map((r) => r.keyId));
  const missing: RestoreReport[] = files.keyIds.filter((k) => !seen.has(k)).map((keyId) => ({ keyId, ok: false, problems: [], outcomes: [], verified: false }));
  const all = [...reports, ...missing].sort((a, b) => files.keyIds.indexOf(a.keyId) - files.keyIds.indexOf(b.keyId));
  finish('restore', all, files.problems, p.json, (r) => {
    if (!r.ok) return 'FAILED';
    return `${r.outcomes.map((o) => `node ${o.node} ${o.status}`).join(', ')}; public shares verified on every node`;
  });
}
