// Bulk import of external keys into a site (issue 13): many keys read from a folder of key
// files or a JSONL manifest, split and wrapped by a pool of workers, and imported a batch
// per session. One entry point for the console's bulk page and `keyferry import-many`.
//
// The site is read once at the start (every node's key list and wrapping key), so a run that
// was cut short is simply run again: a key already on every node with the same public key is
// skipped, a key ID held for another key (or on some nodes only) fails and is never touched.
// Inputs are pulled lazily and their plaintext is held only while their batch is being
// wrapped; while batch k is in its import session, batch k+1 is being wrapped — never more.
// Batch k+1's session starts as soon as every node is past batch k's unwrapping, so at most
// two sessions are in flight and one's RSA work overlaps the other's rounds.
import { csvTable, jsonTable } from './csv.ts';
import { fromHex, toBase64, wipe } from '../crypto/bytes.ts';
import type { Bundle } from '../crypto/bundle.ts';
import { KEY_ID_PATTERN } from '../crypto/names.ts';
import { parsePrivateKey } from '../crypto/private-key/parse.ts';
import { toRsaPublicKey, type RsaPublicKey } from '../crypto/rsa-oaep.ts';
import { splitAndWrap } from '../crypto/share-transfer.ts';
import { importBatch, MAX_BATCH_KEYS, type BatchKeyResult } from './batch.ts';
import type { NodeKey } from './keys.ts';
import { nodeErrorSentence } from './node-error-words.ts';
import type { SiteRun } from './run-session.ts';
import type { SiteClient } from './site-client.ts';

export interface BulkKeyInput {
  keyId: string;
  /** Where the key came from, for the report: a file name, or "manifest.jsonl:12". */
  source: string;
  /** The private key as text, in any format the core reads (src/crypto/private-key/parse.ts). */
  key: string;
  /** BIP32 chain code, 64 hex digits. */
  chainCode?: string;
}

/** Node `index`'s wrapping key. */
export interface WrapTarget {
  index: number;
  /** Base64 DER SPKI. */
  spki: string;
  fingerprint: string;
}

export interface WrappedKey {
  keyId: string;
  /** With keyId set, one share per target. */
  bundle?: Bundle;
  /** Base64 DER SPKI of the key read. */
  publicKey?: string;
  /** Why the key could not be read or wrapped, in one sentence. */
  error?: string;
}

/** Splits and wraps keys (a pool of workers in the browser, worker_threads in Node). Returns one entry per input, same order. */
export interface SplitWrapper {
  wrap(items: readonly BulkKeyInput[], targets: readonly WrapTarget[], threshold: number): Promise<WrappedKey[]>;
  close?(): void;
}

export type BulkStatus = 'done' | 'skipped' | 'failed';

export interface BulkKeyReport {
  keyId: string;
  source: string;
  status: BulkStatus;
  /** For failed (and skipped): a short code — duplicate, conflict, half-held, invalid-key, wrap-failed, or the session's failure code. */
  reason?: string;
  /** One sentence naming the key and why. */
  message?: string;
  /** Base64 DER SPKI. */
  publicKey?: string;
}

export interface BulkProgress {
  /** Inputs expected, when the caller knows. */
  total?: number;
  done: number;
  skipped: number;
  failed: number;
  /** Keys pulled from the input and not yet reported (being wrapped or imported). */
  inFlight: number;
  /** Keys reported per second since the run started. */
  keysPerSecond: number;
  /** Keys still to report at the current rate; only when `total` is known. */
  secondsLeft?: number;
}

export interface BulkImportOptions {
  /** Its owner closes it; importMany never does. */
  wrapper: SplitWrapper;
  /** Keys per import session; default 250, at most MAX_BATCH_KEYS. */
  batchSize?: number;
  total?: number;
  /** Stops after the batches in their import sessions (at most two); keys not reached are left out of the report. */
  signal?: AbortSignal;
  onProgress?(p: BulkProgress): void;
  /** Each key's entry as its batch ends, in input order. */
  onKey?(r: BulkKeyReport): void;
  /** Import session timeout per batch (passed to importBatch). */
  timeoutMs?: number;
}

export const DEFAULT_BATCH_SIZE = 250;

/**
 * The run could not start (the site could not be read: nothing imported), or the input
 * failed part-way (reading a file, say): `report` and `progress` then hold what was
 * reported before it stopped; a re-run resumes.
 */
export class BulkImportError extends Error {
  override readonly name = 'BulkImportError';
  constructor(
    message: string,
    readonly report: readonly BulkKeyReport[] = [],
    readonly progress?: BulkProgress,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A manifest line or key file that cannot be an input, naming where and the field. */
export class BulkInputError extends Error {
  override readonly name = 'BulkInputError';
  constructor(
    message: string,
    readonly source: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------- inputs

const MANIFEST_FIELDS = new Set(['keyId', 'key', 'chainCode']);

/** One JSONL manifest line as an input: {keyId, key, chainCode?}; errors name the line and the field, never the key. */
export function parseManifestLine(line: string, lineNo: number, source: string): BulkKeyInput {
  const where = `${source}:${lineNo}`;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    // The parser's message may quote the line (key material), so only its position is kept.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new BulkInputError(`${where}: not valid JSON${at === undefined ? '' : ` (at character ${Number(at) + 1})`}; each line is one object {"keyId": …, "key": …, "chainCode"?: …}`, where);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BulkInputError(`${where}: expected a JSON object {"keyId": …, "key": …}, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`, where);
  }
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !MANIFEST_FIELDS.has(k));
  if (unknown !== undefined) throw new BulkInputError(`${where}: unknown field "${unknown}"; a line has keyId, key and optionally chainCode`, where, unknown);
  if (typeof o.keyId !== 'string' || !KEY_ID_PATTERN.test(o.keyId)) {
    throw new BulkInputError(`${where}: "keyId" must be 1–64 characters of A–Z, a–z, 0–9, "_" and "-"`, where, 'keyId');
  }
  if (typeof o.key !== 'string' || o.key.trim() === '') {
    throw new BulkInputError(`${where}: "key" must be the private key as a non-empty string (PEM, JWK as a string, hex, xprv, WIF, base64 DER)`, where, 'key');
  }
  const input: BulkKeyInput = { keyId: o.keyId, source: where, key: o.key };
  if (o.chainCode !== undefined) {
    if (typeof o.chainCode !== 'string' || !/^[0-9a-fA-F]{64}$/.test(o.chainCode)) {
      throw new BulkInputError(`${where}: "chainCode" must be 64 hex digits (32 bytes)`, where, 'chainCode');
    }
    input.chainCode = o.chainCode;
  }
  return input;
}

// ---------------------------------------------------------------- wrapping

/**
 * The targets' wrapping keys parsed once per target set, not once per key: splitAndWrap
 * imports each parsed key into Web Crypto once (importRsaEncryptKeyCached), so a worker
 * wrapping thousands of keys imports each node's key once. A few sets are kept.
 */
const parsedTargets = new Map<string, RsaPublicKey[]>();

function wrappingKeysOf(targets: readonly WrapTarget[]): RsaPublicKey[] {
  const id = targets.map((t) => t.spki).join('|');
  let keys = parsedTargets.get(id);
  if (keys === undefined) {
    keys = targets.map((t, i) => toRsaPublicKey(t.spki, `wrappingKeys[${i}]`));
    if (parsedTargets.size >= 4) parsedTargets.delete(parsedTargets.keys().next().value!);
    parsedTargets.set(id, keys);
  }
  return keys;
}

/**
 * Read one input and split and wrap it for the targets (node i's at [i - 1]). What a
 * worker of a SplitWrapper does per key; never throws — a key that cannot be read gets a
 * sentence naming its source. The scalar and chain code are wiped when done.
 */
export async function wrapBulkKey(item: BulkKeyInput, targets: readonly WrapTarget[], threshold: number): Promise<WrappedKey> {
  let key;
  try {
    key = parsePrivateKey(item.key, {}, 'key');
  } catch (e) {
    return { keyId: item.keyId, error: `${item.source}: key ${item.keyId} is not a private key Keyferry reads: ${(e as Error).message}` };
  }
  try {
    if (item.chainCode !== undefined) {
      const given = fromHex(item.chainCode, 'chainCode');
      if (key.chainCode !== undefined && toBase64(key.chainCode) !== toBase64(given)) {
        wipe(given);
        return { keyId: item.keyId, error: `${item.source}: key ${item.keyId} carries its own chain code, and the chainCode given differs; give one of them` };
      }
      if (given.length !== 32) return { keyId: item.keyId, error: `${item.source}: chainCode of key ${item.keyId} must be 32 bytes (64 hex digits)` };
      wipe(key.chainCode);
      key.chainCode = given;
    }
    const bundle = await splitAndWrap({ key, threshold, wrappingKeys: wrappingKeysOf(targets), keyId: item.keyId });
    return { keyId: item.keyId, bundle, publicKey: toBase64(bundle.publicKey) };
  } catch (e) {
    return { keyId: item.keyId, error: `${item.source}: key ${item.keyId} could not be split and wrapped: ${(e as Error).message}` };
  } finally {
    wipe(key.scalar, key.seed, key.chainCode);
  }
}

/** A SplitWrapper on the calling thread, one key after another: for tests and small runs. */
export function inlineWrapper(): SplitWrapper {
  return {
    async wrap(items, targets, threshold) {
      const out: WrappedKey[] = [];
      for (const item of items) out.push(await wrapBulkKey(item, targets, threshold));
      return out;
    },
  };
}

// ---------------------------------------------------------------- the site's state

/** keyId → each node's public key for it (undefined where the node lacks it). */
type Held = Map<string, Array<string | undefined>>;

async function readSite(site: SiteClient, signal?: AbortSignal): Promise<{ held: Held; targets: WrapTarget[] }> {
  const [lists, wrapping] = await Promise.all([
    site.eachNode((apis, node, s) => apis.keys.list(node, s), signal),
    site.eachNode((apis, node, s) => apis.exportConfig.wrappingKeys(node, s), signal),
  ]);
  for (const a of [...lists, ...wrapping]) {
    if (!a.ok) throw new BulkImportError(`cannot read site ${site.site.name} before the import: ${nodeErrorSentence(a.error, a.node)}; nothing was imported`);
  }
  const n = site.site.nodes.length;
  const held: Held = new Map();
  lists.forEach((a, i) => {
    for (const k of (a.ok ? a.value : []) as NodeKey[]) {
      const row = held.get(k.keyId) ?? Array<string | undefined>(n).fill(undefined);
      row[i] = k.publicKey;
      held.set(k.keyId, row);
    }
  });
  const targets = wrapping.map((a) => (a.ok ? { index: a.node.index, spki: a.value.spki, fingerprint: a.value.fingerprint } : undefined!));
  return { held, targets };
}

const nodesText = (indexes: readonly number[]) => (indexes.length === 1 ? `node ${indexes[0]}` : `nodes ${indexes.join(', ')}`);

/** What the site already holds under the key ID, for a key whose public key is `publicKey`: skip, refuse, or import. */
function against(held: Held, site: SiteClient, item: BulkKeyInput, publicKey: string): BulkKeyReport | undefined {
  const row = held.get(item.keyId);
  if (row === undefined) return undefined;
  const base = { keyId: item.keyId, source: item.source, publicKey };
  const indexes = site.site.nodes.map((n) => n.index);
  const other = indexes.filter((_, i) => row[i] !== undefined && row[i] !== publicKey);
  if (other.length > 0) {
    return {
      ...base,
      status: 'failed',
      reason: 'conflict',
      message: `${item.source}: key ID ${item.keyId} is held on site ${site.site.name} (${nodesText(other)}) for another key (public key …${row[indexes.indexOf(other[0]!)]!.slice(-16)}); it is never overwritten — choose another key ID or delete that key first`,
    };
  }
  const lacking = indexes.filter((_, i) => row[i] === undefined);
  if (lacking.length === 0) return { ...base, status: 'skipped', reason: 'already-present', message: `key ${item.keyId} is already on every node of site ${site.site.name}` };
  const holding = indexes.filter((_, i) => row[i] !== undefined);
  return {
    ...base,
    status: 'failed',
    reason: 'half-held',
    message: `${item.source}: key ${item.keyId} is half-held on site ${site.site.name}: ${nodesText(holding)} hold it, ${nodesText(lacking)} ${lacking.length === 1 ? 'does' : 'do'} not; nothing is imported over it — restore the missing share, or delete the key on ${nodesText(holding)} and run again`,
  };
}

// ---------------------------------------------------------------- the pipeline

/** One batch read from the input: an entry per input, in order; `bundle` for the keys to import. */
interface Slot {
  item: { keyId: string; source: string };
  report?: BulkKeyReport;
  bundle?: Bundle;
  publicKey?: string;
}

interface Prepared {
  slots: Slot[];
  /** The input has no more keys after this batch. */
  last: boolean;
}

/** Import many keys into the site, a batch per session, wrapping the next batch while one imports. */
export async function importMany(site: SiteClient, keys: AsyncIterable<BulkKeyInput>, options: BulkImportOptions): Promise<{ report: BulkKeyReport[]; progress: BulkProgress }> {
  const batchSize = Math.max(1, Math.min(MAX_BATCH_KEYS, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE)));
  const started = Date.now();
  const report: BulkKeyReport[] = [];
  const counts = { done: 0, skipped: 0, failed: 0 };
  let inFlight = 0;
  const progress = (): BulkProgress => {
    const finished = counts.done + counts.skipped + counts.failed;
    const elapsed = (Date.now() - started) / 1000;
    const keysPerSecond = elapsed <= 0 ? 0 : Math.round((finished / elapsed) * 100) / 100;
    const p: BulkProgress = { ...counts, inFlight, keysPerSecond };
    if (options.total !== undefined) {
      p.total = options.total;
      const left = Math.max(0, options.total - finished);
      if (left === 0) p.secondsLeft = 0;
      // Never 0 while keys are left (a fast run would otherwise round its last seconds away).
      else if (keysPerSecond > 0) p.secondsLeft = Math.max(0.1, Math.round((left / keysPerSecond) * 10) / 10);
    }
    return p;
  };

  const { held, targets } = await readSite(site);
  const threshold = site.site.threshold;
  const seen = new Set<string>();
  const iterator = keys[Symbol.asyncIterator]();
  let exhausted = false;

  /** Pull up to batchSize inputs and wrap the ones to import; their plaintext is dropped when this returns. */
  const prepare = async (): Promise<Prepared> => {
    const slots: Slot[] = [];
    const toWrap: BulkKeyInput[] = [];
    const wrapSlots: Slot[] = [];
    while (slots.length < batchSize && !exhausted) {
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      const item = next.value;
      inFlight++;
      const slot: Slot = { item: { keyId: item.keyId, source: item.source } };
      slots.push(slot);
      if (typeof item.keyId !== 'string' || !KEY_ID_PATTERN.test(item.keyId)) {
        slot.report = { keyId: String(item.keyId), source: item.source, status: 'failed', reason: 'invalid-key-id', message: `${item.source}: "${String(item.keyId).slice(0, 80)}" is not a key ID: 1–64 characters of A–Z, a–z, 0–9, "_" and "-"` };
      } else if (seen.has(item.keyId)) {
        slot.report = { keyId: item.keyId, source: item.source, status: 'failed', reason: 'duplicate', message: `${item.source}: key ID ${item.keyId} appears earlier in the input; only the first is imported` };
      } else {
        seen.add(item.keyId);
        toWrap.push(item);
        wrapSlots.push(slot);
      }
    }
    if (toWrap.length > 0) {
      let wrapped: WrappedKey[];
      try {
        wrapped = await options.wrapper.wrap(toWrap, targets, threshold);
        if (wrapped.length !== toWrap.length) throw new Error(`the wrapper answered ${wrapped.length} keys for ${toWrap.length}`);
      } catch (e) {
        const why = (e as Error).message;
        wrapped = toWrap.map((k) => ({ keyId: k.keyId, error: `${k.source}: key ${k.keyId} was not wrapped: ${why}` }));
      }
      wrapSlots.forEach((slot, i) => {
        const w = wrapped[i]!;
        const { keyId, source } = slot.item;
        if (w.error !== undefined || w.bundle === undefined || w.publicKey === undefined) {
          slot.report = { keyId, source, status: 'failed', reason: 'invalid-key', message: w.error ?? `${source}: key ${keyId} was not wrapped` };
          return;
        }
        slot.publicKey = w.publicKey;
        const verdict = against(held, site, { keyId, source, key: '' }, w.publicKey);
        if (verdict) slot.report = verdict;
        else slot.bundle = w.bundle;
      });
    }
    // The inputs (their plaintext) go out of scope here; only bundles stay.
    toWrap.length = 0;
    return { slots, last: exhausted };
  };

  const finish = (slots: readonly Slot[]) => {
    for (const slot of slots) {
      const r = slot.report!;
      report.push(r);
      counts[r.status === 'done' ? 'done' : r.status === 'skipped' ? 'skipped' : 'failed']++;
      inFlight--;
      options.onKey?.(r);
    }
  };

  const aborted = () => options.signal?.aborted === true;
  const report1 = (flight: InFlight) => {
    finish(flight.slots);
    options.onProgress?.(progress());
  };
  // Two import sessions may be in flight: batch k+1's session starts once every node is past
  // batch k's unwrapping (its RSA phase) — so one batch's RSA work overlaps the other's
  // rounds — and batch k is reported (in input order) when its session ends. Batch k+2 is
  // read and wrapped only after batch k is reported, as with one session at a time.
  let previous: InFlight | undefined;
  try {
    let next: Promise<Prepared> | undefined = aborted() ? undefined : prepare();
    while (next !== undefined) {
      let batch: Prepared;
      try {
        batch = await next;
      } catch (e) {
        if (previous) report1(await settle(previous));
        previous = undefined;
        const done = report.length;
        throw new BulkImportError(`reading the keys stopped after ${done} key(s): ${(e as Error).message}`, report, progress(), { cause: e });
      }
      next = undefined;
      if (previous) {
        await previous.past;
        // Ended already (a small batch, or a site that answers at once): report it before deciding to go on.
        if (previous.ended) {
          report1(await settle(previous));
          previous = undefined;
        }
      }
      if (aborted()) {
        // The batch read ahead is dropped: its keys were not reached (a re-run imports them).
        inFlight -= batch.slots.length;
        break;
      }
      const current = startImport(site, batch.slots, options.timeoutMs);
      if (previous) report1(await settle(previous));
      previous = current;
      next = batch.last || aborted() ? undefined : prepare();
      // Keep an early failure of the read-ahead from being unhandled while this batch imports.
      next?.catch(() => undefined);
    }
    if (previous) report1(await settle(previous));
    previous = undefined;
  } finally {
    if (!exhausted) await iterator.return?.();
  }
  return { report, progress: progress() };
}

/** One batch's import session under way: `past` once every node has unwrapped its shares (or the session ended), `ended` once it has. */
interface InFlight {
  slots: Slot[];
  past: Promise<void>;
  done: Promise<void>;
  ended: boolean;
}

/** Node states after a batch's unwrapping (the "ready" round): the rest of the session is its rounds and the store. */
const PAST_UNWRAP = new Set(['running', 'done', 'failed']);

function startImport(site: SiteClient, slots: Slot[], timeoutMs: number | undefined): InFlight {
  let passed!: () => void;
  const past = new Promise<void>((resolve) => (passed = resolve));
  const flight: InFlight = { slots, past, done: Promise.resolve(), ended: false };
  const onRun = (run: SiteRun) => {
    if (run.finished || run.nodes.every((n) => n.view !== undefined && PAST_UNWRAP.has(n.view.state))) passed();
  };
  flight.done = importSlots(site, slots, timeoutMs, onRun).finally(() => {
    flight.ended = true;
    passed();
  });
  return flight;
}

async function settle(flight: InFlight): Promise<InFlight> {
  await flight.done;
  return flight;
}

/** Run one import session for the slots that have a bundle and fill in every slot's report. */
async function importSlots(site: SiteClient, slots: Slot[], timeoutMs: number | undefined, onProgress?: (run: SiteRun) => void): Promise<void> {
  const todo = slots.filter((s) => s.bundle !== undefined);
  if (todo.length === 0) return;
  let results: BatchKeyResult[];
  try {
    results = (await importBatch(site, todo.map((s) => s.bundle!), { ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(onProgress ? { onProgress } : {}) })).results;
  } catch (e) {
    const why = (e as Error).message;
    results = todo.map((s) => ({ keyId: s.item.keyId, status: 'failed', reason: 'import-failed', message: `key ${s.item.keyId}: the import session failed: ${why}` }));
  }
  const byId = new Map(results.map((r) => [r.keyId, r]));
  for (const slot of todo) {
    const { keyId, source } = slot.item;
    const r = byId.get(keyId);
    delete slot.bundle;
    if (r === undefined) {
      slot.report = { keyId, source, status: 'failed', reason: 'no-result', message: `key ${keyId}: the import session reported nothing for it; run again to see whether it is on every node` };
    } else if (r.status === 'failed') {
      slot.report = { keyId, source, status: 'failed', reason: r.reason ?? 'import-failed', message: r.message ?? `key ${keyId} was not imported` };
    } else {
      slot.report = {
        keyId,
        source,
        status: r.status === 'done' ? 'done' : 'skipped',
        ...(r.status === 'already-present' ? { reason: 'already-present', message: `key ${keyId} was already on every node of site ${site.site.name}` } : {}),
        publicKey: r.publicKey ?? slot.publicKey!,
      };
    }
  }
}

// ---------------------------------------------------------------- the report

const CSV_COLUMNS = ['keyId', 'source', 'status', 'reason', 'message', 'publicKey'] as const;

/** The report as CSV (RFC 4180): a header row, one row per key, CRLF line ends. */
export const reportToCsv = (report: readonly BulkKeyReport[]): string => csvTable(CSV_COLUMNS, report);

/** The report as JSON: {"format": "keyferry-bulk-report/1", "keys": [...]}. */
export const reportToJson = (report: readonly BulkKeyReport[]): string => jsonTable('keyferry-bulk-report/1', CSV_COLUMNS, report);
