// Cold storage on a whole site (issue 13, docs/backup.md): raw records of many keys from
// every node (each node wraps its own share under its own master KEK), reading them back
// against the site — every record parses, names the node and key it came from, carries the
// node's KEK fingerprint, and the public shares of all nodes lie on one degree-t polynomial
// through the key's public key — archiving (back up, verify, let the caller store the
// records, only then delete from the nodes), and restoring records onto the nodes, checked
// the same way afterwards. This module returns data; the CLI and the console store it.
import { fromBase64 } from '../crypto/bytes.ts';
import { getCurve } from '../crypto/curves.ts';
import { parseSpki } from '../crypto/public-key.ts';
import { verifyPublicShares } from '../crypto/shamir.ts';
import { MAX_RAW_KEYS, RawRecord, type RawBackupInfo, type RawImportOutcome } from '../protocol/raw-backup.ts';
import { NodeError } from './node-client.ts';
import { nodeErrorSentence } from './node-error-words.ts';
import type { SiteClient } from './site-client.ts';
import type { SiteNode } from './site.ts';

/** Keys per raw-export request: a node's answer comes well within one request timeout. */
export const EXPORT_CHUNK = 200;
/** JSON bytes of records per raw-import request, below the node's 256 KiB body limit. */
export const IMPORT_CHUNK_BYTES = 192 * 1024;

export interface Progress {
  phase: 'list' | 'export' | 'verify' | 'store' | 'delete' | 'import' | 'check';
  /** Keys (or records, for export and import) handled so far in this phase, of `total`. */
  done: number;
  total: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** One key's standing in a backup, archive or restore: each node's part and one verdict. */
export interface KeyReport {
  keyId: string;
  ok: boolean;
  /** One sentence per problem, each naming the key and, where it is one node's, the node. */
  problems: string[];
}

export interface SiteBackup {
  site: string;
  threshold: number;
  /** Every record the nodes made, node by node in index order. */
  records: RawRecord[];
  /** Keys asked for, in order. */
  keyIds: string[];
  /** Sentences for what a node could not export (no such key, node unreachable). */
  problems: Array<{ keyId: string | null; node: number; message: string }>;
  /** Key IDs a node disabled with this export (noCopy keys), with the node. */
  disabled: Array<{ keyId: string; node: number }>;
}

const who = (site: string, index: number) => `${site} node ${index}`;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function nodeSentence(error: unknown, node: SiteNode): string {
  if (error instanceof NodeError) return nodeErrorSentence(error, node);
  throw error;
}

/** Every key ID any node of the site holds, in first-seen order; throws a sentence when a node cannot list its keys. */
export async function siteKeyIds(site: SiteClient, signal?: AbortSignal): Promise<string[]> {
  const answers = await site.eachNode((apis, node, s) => apis.keys.list(node, s), signal);
  const ids = new Set<string>();
  for (const a of answers) {
    if (!a.ok) throw new Error(`cannot list the keys of ${site.site.name}: ${nodeErrorSentence(a.error, a.node)}`);
    for (const k of a.value) ids.add(k.keyId);
  }
  return [...ids];
}

/** Raw records of the keys from every node (`'all'`: every key any node holds). Never throws for one node's failure. */
export async function backupSite(site: SiteClient, keyIds: readonly string[] | 'all', options: RunOptions = {}): Promise<SiteBackup> {
  const { signal, onProgress } = options;
  onProgress?.({ phase: 'list', done: 0, total: 1 });
  const ids = keyIds === 'all' ? await siteKeyIds(site, signal) : [...new Set(keyIds)];
  const name = site.site.name;
  const out: SiteBackup = { site: name, threshold: site.site.threshold, records: [], keyIds: ids, problems: [], disabled: [] };
  const total = ids.length * site.site.nodes.length;
  let done = 0;
  onProgress?.({ phase: 'export', done, total });
  const perNode = await site.eachNode(async (apis, node, s) => {
    const records: RawRecord[] = [];
    for (const part of chunks(ids, Math.min(EXPORT_CHUNK, MAX_RAW_KEYS))) {
      try {
        const r = await apis.keys.rawExport(node, part, s);
        records.push(...r.records);
        for (const f of r.failures) out.problems.push({ keyId: f.keyId, node: node.index, message: `key ${f.keyId}: ${f.message}` });
        for (const k of r.disabled) out.disabled.push({ keyId: k, node: node.index });
      } catch (e) {
        const sentence = nodeSentence(e, node);
        for (const keyId of part) out.problems.push({ keyId, node: node.index, message: `key ${keyId} was not backed up from ${who(name, node.index)}: ${sentence}` });
      }
      done += part.length;
      onProgress?.({ phase: 'export', done, total });
    }
    return records;
  }, signal);
  for (const a of perNode) if (a.ok) out.records.push(...a.value);
  return out;
}

/** The records of one key, by node index; a second record for the same node is a problem. */
function byKey(records: readonly RawRecord[]): Map<string, Map<number, RawRecord>> {
  const keys = new Map<string, Map<number, RawRecord>>();
  for (const r of records) {
    let nodes = keys.get(r.keyId);
    if (!nodes) keys.set(r.keyId, (nodes = new Map()));
    nodes.set(r.index, r);
  }
  return keys;
}

/** The public points check: do these nodes' public shares lie on one degree-t polynomial through the key's public key? */
export function sharesDescribeKey(curveName: RawRecord['curve'], publicKey: string, threshold: number, shares: ReadonlyArray<{ index: number; publicShare: string }>): boolean {
  const curve = getCurve(curveName);
  const info = parseSpki(fromBase64(publicKey, 'publicKey'), 'publicKey');
  if (info.algorithm === 'RSA') return false;
  try {
    return verifyPublicShares(curve, shares.map((s) => ({ index: s.index, point: fromBase64(s.publicShare, 'publicShare') })), threshold, info.point);
  } catch {
    return false;
  }
}

export interface VerifyOptions extends RunOptions {
  /** Compare each record with the key on its node (false once the keys are archived: files alone). */
  againstNodes?: boolean;
}

/**
 * Read records back: each parses as keyferry-raw/1, belongs to this site, and every node of
 * the site has exactly one record per key, carrying that node's master KEK fingerprint and
 * (againstNodes) the public key the node holds; and the nodes' public shares describe the
 * key. `records` may come from files: what is not a record is named in `unreadable`.
 */
export async function verifyBackup(site: SiteClient, keyIds: readonly string[], records: readonly unknown[], options: VerifyOptions = {}): Promise<{ keys: KeyReport[]; unreadable: string[] }> {
  const { signal, onProgress, againstNodes = true } = options;
  const name = site.site.name;
  const t = site.site.threshold;
  const parsed: RawRecord[] = [];
  const loose: string[] = [];
  for (const [i, r] of records.entries()) {
    const p = RawRecord.safeParse(r);
    if (p.success) parsed.push(p.data);
    else loose.push(`record ${i + 1}${typeof (r as { keyId?: unknown })?.keyId === 'string' ? ` (key ${(r as { keyId: string }).keyId})` : ''} is not a keyferry-raw/1 record: ${p.error.issues[0]!.path.join('.') || 'record'}: ${p.error.issues[0]!.message}`);
  }
  const infos = await site.eachNode((apis, node, s) => apis.keys.rawInfo(node, s), signal);
  const held = againstNodes ? await site.eachNode((apis, node, s) => apis.keys.list(node, s), signal) : [];
  const keys = byKey(parsed);
  const reports: KeyReport[] = [];
  for (const [n, keyId] of keyIds.entries()) {
    const problems: string[] = [];
    const mine = keys.get(keyId) ?? new Map<number, RawRecord>();
    const dup = parsed.filter((r) => r.keyId === keyId);
    if (dup.length > mine.size) problems.push(`key ${keyId}: more than one record for one node`);
    for (const node of site.site.nodes) {
      const r = mine.get(node.index);
      const where = who(name, node.index);
      if (!r) {
        problems.push(`key ${keyId}: no record from ${where}`);
        continue;
      }
      if (r.site !== name) problems.push(`key ${keyId}: the record for node ${node.index} is of site ${r.site}, not ${name}`);
      if (r.threshold !== t) problems.push(`key ${keyId}: the record from ${where} has threshold ${r.threshold}; the site's is ${t}`);
      const info = infos.find((a) => a.node.index === node.index)!;
      if (!info.ok) problems.push(`key ${keyId}: cannot read ${where}'s KEK fingerprint: ${nodeErrorSentence(info.error, info.node)}`);
      else if (!sameKek(info.value, r)) problems.push(`key ${keyId}: the record from ${where} was made under another master KEK (fingerprint ${r.kekFingerprint.slice(0, 16)}…) than the node has now (${info.value.kekFingerprint.slice(0, 16)}…)`);
      if (againstNodes) {
        const list = held.find((a) => a.node.index === node.index)!;
        if (!list.ok) problems.push(`key ${keyId}: cannot list ${where}'s keys: ${nodeErrorSentence(list.error, list.node)}`);
        else {
          const key = list.value.find((k) => k.keyId === keyId);
          if (!key) problems.push(`key ${keyId}: ${where} does not hold the key its record names`);
          else if (key.publicKey !== r.publicKey || key.curve !== r.curve) problems.push(`key ${keyId}: the record from ${where} names another public key than the node holds`);
        }
      }
    }
    const present = [...mine.values()];
    const publicKeys = new Set(present.map((r) => `${r.curve} ${r.publicKey}`));
    if (publicKeys.size > 1) problems.push(`key ${keyId}: the nodes' records name different public keys`);
    else if (present.length >= t + 1 && !sharesDescribeKey(present[0]!.curve, present[0]!.publicKey, t, present)) {
      problems.push(`key ${keyId}: the nodes' public shares do not lie on one degree-${t} polynomial through the key's public key — at least one record holds another share`);
    }
    reports.push({ keyId, ok: problems.length === 0, problems });
    onProgress?.({ phase: 'verify', done: n + 1, total: keyIds.length });
  }
  return { keys: reports, unreadable: loose };
}

const sameKek = (info: RawBackupInfo, r: RawRecord) => info.kekFingerprint === r.kekFingerprint && info.index === r.index;

export interface ArchiveOptions extends RunOptions {
  /**
   * Store the verified keys' records (every node's, in index order) and say which keys are
   * durably stored (written and read back; in a browser: downloaded and confirmed by the
   * operator). Only those are deleted; a key left out, or named in `failed`, stays on the nodes.
   */
  store: (keys: Array<{ keyId: string; records: RawRecord[] }>) => Promise<{ stored: string[]; failed?: Array<{ keyId: string; reason: string }> }>;
}

export interface ArchiveReport extends KeyReport {
  /** The records were verified and stored. */
  stored: boolean;
  /** Nodes the key was deleted from. */
  deletedFrom: number[];
}

/**
 * Archive = back up, verify, store, then delete from the nodes — a key whose backup did not
 * verify, or whose records were not stored, is never deleted anywhere.
 */
export async function archive(site: SiteClient, keyIds: readonly string[] | 'all', options: ArchiveOptions): Promise<{ backup: SiteBackup; reports: ArchiveReport[] }> {
  const { signal, onProgress, store } = options;
  const backup = await backupSite(site, keyIds, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
  const { keys: verified } = await verifyBackup(site, backup.keyIds, backup.records, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
  const keys = byKey(backup.records);
  const reports: ArchiveReport[] = verified.map((v) => ({
    keyId: v.keyId,
    ok: false,
    problems: [...v.problems, ...backup.problems.filter((p) => p.keyId === v.keyId).map((p) => p.message)],
    stored: false,
    deletedFrom: [],
  }));
  const good = reports.filter((r) => r.problems.length === 0);
  onProgress?.({ phase: 'store', done: 0, total: good.length });
  if (good.length) {
    const answer = await store(good.map((r) => ({ keyId: r.keyId, records: [...keys.get(r.keyId)!.values()].sort((a, b) => a.index - b.index) })));
    const stored = new Set(answer.stored);
    for (const f of answer.failed ?? []) reports.find((r) => r.keyId === f.keyId)?.problems.push(`key ${f.keyId}: its records could not be stored (${f.reason}); it stays on the nodes`);
    for (const r of good) if (stored.has(r.keyId) && r.problems.length === 0) r.stored = true;
  }
  onProgress?.({ phase: 'store', done: good.length, total: good.length });
  const deletable = reports.filter((r) => r.stored);
  for (const [n, report] of deletable.entries()) {
    const answers = await site.eachNode((apis, node, s) => apis.keys.delete(node, report.keyId, s), signal);
    for (const a of answers) {
      if (a.ok) report.deletedFrom.push(a.node.index);
      else if (a.error.status !== 404) report.problems.push(`key ${report.keyId} was not deleted from ${who(site.site.name, a.node.index)}: ${nodeErrorSentence(a.error, a.node)}; its backup is stored — delete it there again`);
    }
    onProgress?.({ phase: 'delete', done: n + 1, total: deletable.length });
  }
  for (const r of reports) r.ok = r.stored && r.problems.length === 0;
  return { backup, reports };
}

export interface RestoreOptions extends RunOptions {
  /** Restore onto these node indices only (a blank node); the check still reads every node. */
  nodes?: readonly number[];
}

export interface RestoreReport extends KeyReport {
  /** Each node's outcome for this key's record. */
  outcomes: Array<{ node: number; status: RawImportOutcome['status'] | 'not-sent'; code?: string; message: string }>;
  /** The public-shares check on every node after the restore passed. */
  verified: boolean;
}

/** Split records into requests that stay below the node's body limit. */
function importBatches(records: readonly RawRecord[]): RawRecord[][] {
  const out: RawRecord[][] = [];
  let current: RawRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = JSON.stringify(r).length + 1;
    if (current.length && (bytes + size > IMPORT_CHUNK_BYTES || current.length >= MAX_RAW_KEYS)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * Send each node the records made for its index (or only `nodes`), then check every
 * restored key on the whole site: each node's public share (x_i·G of what it now holds)
 * must lie on one degree-t polynomial through the key's public key.
 */
export async function restore(site: SiteClient, records: readonly RawRecord[], options: RestoreOptions = {}): Promise<RestoreReport[]> {
  const { signal, onProgress, nodes } = options;
  const name = site.site.name;
  const t = site.site.threshold;
  const keys = byKey(records);
  const reports = new Map<string, RestoreReport>([...keys.keys()].map((keyId) => [keyId, { keyId, ok: false, problems: [], outcomes: [], verified: false }]));
  const targets = site.site.nodes.filter((n) => !nodes || nodes.includes(n.index));
  for (const index of nodes ?? []) {
    if (!site.site.nodes.some((n) => n.index === index)) throw new Error(`site ${name} has no node ${index}; its nodes are ${site.site.nodes.map((n) => n.index).join(', ')}`);
  }
  const total = targets.reduce((sum, n) => sum + records.filter((r) => r.index === n.index).length, 0);
  let done = 0;
  onProgress?.({ phase: 'import', done, total });
  await site.eachNode(async (apis, node, s) => {
    if (!targets.includes(node)) return;
    const mine = records.filter((r) => r.index === node.index);
    for (const batch of importBatches(mine)) {
      try {
        const result = await apis.keys.rawImport(node, batch, s);
        for (const o of result.outcomes) {
          const r = batch[o.position]!;
          const report = reports.get(r.keyId)!;
          report.outcomes.push({ node: node.index, status: o.status, ...(o.code ? { code: o.code } : {}), message: o.message });
          if (o.status === 'refused') report.problems.push(`key ${r.keyId} was refused by ${who(name, node.index)}: ${o.message}`);
        }
      } catch (e) {
        const sentence = nodeSentence(e, node);
        for (const r of batch) {
          const report = reports.get(r.keyId)!;
          report.outcomes.push({ node: node.index, status: 'not-sent', message: sentence });
          report.problems.push(`key ${r.keyId} was not restored on ${who(name, node.index)}: ${sentence}`);
        }
      }
      done += batch.length;
      onProgress?.({ phase: 'import', done, total });
    }
  }, signal);
  for (const node of targets) {
    for (const [keyId, byNode] of keys) if (!byNode.has(node.index)) reports.get(keyId)!.problems.push(`key ${keyId}: there is no record for ${who(name, node.index)}`);
  }
  const list = [...reports.values()];
  for (const report of list) report.outcomes.sort((a, b) => a.node - b.node);
  for (const [n, report] of list.entries()) {
    if (report.problems.length === 0) {
      const shares = await site.eachNode((apis, node, s) => apis.keys.publicShare(node, report.keyId, s), signal);
      const got: Array<{ index: number; publicShare: string }> = [];
      const first = [...keys.get(report.keyId)!.values()][0]!;
      for (const a of shares) {
        if (!a.ok) report.problems.push(`key ${report.keyId}: cannot read ${who(name, a.node.index)}'s public share: ${nodeErrorSentence(a.error, a.node)}`);
        else if (a.value.publicKey !== first.publicKey) report.problems.push(`key ${report.keyId}: ${who(name, a.node.index)} holds another public key under this key ID`);
        else got.push(a.value);
      }
      if (report.problems.length === 0) {
        report.verified = sharesDescribeKey(first.curve, first.publicKey, t, got);
        if (!report.verified) report.problems.push(`key ${report.keyId}: after the restore the nodes' public shares do not lie on one degree-${t} polynomial through its public key — the site does not hold this key; do not use it`);
      }
    }
    report.ok = report.problems.length === 0;
    onProgress?.({ phase: 'check', done: n + 1, total: list.length });
  }
  return list;
}
