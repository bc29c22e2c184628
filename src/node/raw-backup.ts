// Cold storage on one node (issue 13, docs/backup.md; the HSM seed's EXPORT_RAW /
// IMPORT_RAW): raw records of many keys — each share (and chain code) wrapped with AES-KWP
// (RFC 5649) under a key derived from the master KEK and from the record's metadata, so a
// record opens only on a node with the same KEK and only as the key, node and site it was
// made for — and their restore onto a blank node given the same KEK. A noCopy key (state
// that must not be reused, as hash-based signature keys have) is disabled by its raw
// export, and each of its records is restored at most once per node.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { kwpUnwrap, kwpWrap } from '../crypto/aes-kw.ts';
import { concatBytes, equalBytes, fromBase64, fromHex, toBase64, toHex, utf8, wipe } from '../crypto/bytes.ts';
import { getCurve, publicKeyFromScalar, type CurveName } from '../crypto/curves.ts';
import { parseSpki } from '../crypto/public-key.ts';
import { RAW_FORMAT, RawRecord, type PublicShare, type PublicSharesResult, type RawBackupInfo, type RawExportResult, type RawFailure, type RawImportOutcome } from '../protocol/raw-backup.ts';
import type { Sealer } from './at-rest.ts';
import type { SessionCrypto } from './sessions/session-crypto.ts';
import { KeyShareError, shareLabel, summarize, type KeySummary, type NodeIdentity } from './key-shares.ts';
import type { KeyRow, Repository } from './store/repository.ts';

type Meta = Omit<RawRecord, 'wrapped'>;

const FINGERPRINT_INFO = utf8('keyferry kek fingerprint v1');
const WRAP_INFO = 'keyferry-raw/1 wrap';
const NOCOPY_ID_INFO = 'keyferry-raw/1 nocopy record';

/** Every field but `wrapped`, in a fixed order: what the wrapping key is derived over. */
function metadataDigest(m: Meta): Uint8Array {
  const fields = [m.format, m.recordId, m.site, m.index, m.threshold, m.players, m.keyId, m.curve, m.publicKey, m.publicShare, m.chainCode, m.noCopy, m.origin, m.createdAt, m.exportedAt, m.kekFingerprint];
  return sha256(utf8(JSON.stringify(fields)));
}

/** The AES-KWP key of one record: HKDF-SHA256(master KEK, salt = record ID, info = label ‖ metadata digest). */
function recordKey(kek: Uint8Array, meta: Meta): Uint8Array {
  return hkdf(sha256, kek, fromHex(meta.recordId, 'recordId'), concatBytes(utf8(WRAP_INFO), metadataDigest(meta)), 32);
}

export function kekFingerprint(kek: Uint8Array): string {
  return toHex(hkdf(sha256, kek, undefined, FINGERPRINT_INFO, 16));
}

const short = (fp: string) => `${fp.slice(0, 16)}…`;

export class RawBackups {
  readonly #fingerprint: string;

  constructor(
    private readonly repo: Repository,
    private readonly sealer: Sealer,
    private readonly node: NodeIdentity,
    private readonly randomId: () => Uint8Array = () => crypto.getRandomValues(new Uint8Array(16)),
  ) {
    const kek = sealer.kekForBackup();
    this.#fingerprint = kekFingerprint(kek);
    wipe(kek);
  }

  info(): RawBackupInfo {
    return { format: RAW_FORMAT, ...this.node, kekFingerprint: this.#fingerprint };
  }

  /** Mark a key noCopy (one-way). */
  setNoCopy(keyId: string): KeySummary {
    if (!this.repo.setKeyNoCopy(keyId)) throw new KeyShareError('not-found', `no key ${keyId} on node ${this.node.index}`, 'keyId');
    return summarize(this.repo.getKey(keyId)!);
  }

  /** x_i·G of the share this node holds (a disabled key's too: it is public). */
  async publicShare(keyId: string): Promise<PublicShare> {
    const row = this.repo.getKey(keyId);
    if (!row) throw new KeyShareError('not-found', `no key ${keyId} on node ${this.node.index}`, 'keyId');
    const { share, chainCode } = await this.#open(row);
    try {
      return { keyId, index: this.node.index, curve: row.curve as CurveName, publicKey: toBase64(row.publicKey), publicShare: toBase64(publicKeyFromScalar(getCurve(row.curve as CurveName), share)) };
    } finally {
      wipe(share, chainCode);
    }
  }

  /**
   * publicShare for each key held, in the order asked; the others are named in `missing`.
   * With `ec` (the node's session-crypto pool) the shares are opened side by side and the
   * multiplications run off the event loop, on every core: a migrate checks a whole batch.
   */
  async publicShares(keyIds: readonly string[], ec?: Pick<SessionCrypto, 'publicSharesMany'>): Promise<PublicSharesResult> {
    const missing: string[] = [];
    const rows: KeyRow[] = [];
    for (const keyId of keyIds) {
      const row = this.repo.getKey(keyId);
      if (row) rows.push(row);
      else missing.push(keyId);
    }
    if (!ec) {
      const shares: PublicShare[] = [];
      for (const row of rows) shares.push(await this.publicShare(row.keyId));
      return { index: this.node.index, shares, missing };
    }
    const settled = await Promise.allSettled(rows.map((row) => this.#open(row)));
    const opened = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    for (const o of opened) wipe(o.chainCode);
    const refused = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) {
      for (const o of opened) wipe(o.share);
      throw refused.reason;
    }
    const points = await ec.publicSharesMany({ keys: rows.map((row, i) => ({ curve: row.curve as CurveName, share: opened[i]!.share })) });
    const shares = rows.map((row, i): PublicShare => ({ keyId: row.keyId, index: this.node.index, curve: row.curve as CurveName, publicKey: toBase64(row.publicKey), publicShare: toBase64(points[i]!) }));
    return { index: this.node.index, shares, missing };
  }

  /**
   * A record per key. A noCopy key is disabled first (and stays so); exporting it again gives
   * the very same record (its ID and time come from the moment it was disabled), so a lost
   * answer can be asked for again without making a second restorable copy.
   */
  async export(keyIds: readonly string[]): Promise<RawExportResult> {
    const records: RawRecord[] = [];
    const failures: RawFailure[] = [];
    const disabled: string[] = [];
    const kek = this.sealer.kekForBackup();
    try {
      for (const keyId of new Set(keyIds)) {
        let row = this.repo.getKey(keyId);
        if (!row) {
          failures.push({ keyId, code: 'not-found', message: `no key ${keyId} on ${this.node.site} node ${this.node.index}`, field: 'keyIds' });
          continue;
        }
        if (row.noCopy && !row.disabledAt) {
          if (this.repo.disableKey(keyId)) disabled.push(keyId);
          row = this.repo.getKey(keyId)!;
        }
        records.push(await this.#record(kek, row));
      }
    } finally {
      wipe(kek);
    }
    return { site: this.node.site, index: this.node.index, kekFingerprint: this.#fingerprint, records, failures, disabled };
  }

  async #open(row: KeyRow): Promise<{ share: Uint8Array; chainCode?: Uint8Array }> {
    const plain = await this.sealer.open(row.shareSealed, shareLabel(row.keyId));
    const bytes = getCurve(row.curve as CurveName).scalarBytes;
    const out: { share: Uint8Array; chainCode?: Uint8Array } = { share: plain.slice(0, bytes) };
    if (row.hasChainCode) out.chainCode = plain.slice(bytes);
    wipe(plain);
    return out;
  }

  async #record(kek: Uint8Array, row: KeyRow): Promise<RawRecord> {
    const curve = getCurve(row.curve as CurveName);
    const plain = await this.sealer.open(row.shareSealed, shareLabel(row.keyId));
    const key: Uint8Array[] = [];
    try {
      const share = plain.subarray(0, curve.scalarBytes);
      let recordId: string;
      let exportedAt: string;
      if (row.noCopy && row.disabledAt) {
        recordId = toHex(hkdf(sha256, kek, utf8(row.keyId), utf8(`${NOCOPY_ID_INFO} ${row.disabledAt}`), 16));
        exportedAt = row.disabledAt;
      } else {
        recordId = toHex(this.randomId());
        exportedAt = new Date().toISOString();
      }
      const meta: Meta = {
        format: RAW_FORMAT,
        recordId,
        ...this.node,
        keyId: row.keyId,
        curve: curve.name,
        publicKey: toBase64(row.publicKey),
        publicShare: toBase64(publicKeyFromScalar(curve, share)),
        chainCode: row.hasChainCode,
        noCopy: row.noCopy === true,
        origin: row.origin,
        createdAt: row.createdAt,
        exportedAt,
        kekFingerprint: this.#fingerprint,
      };
      key.push(recordKey(kek, meta));
      return { ...meta, wrapped: toBase64(kwpWrap(key[0]!, plain)) };
    } finally {
      wipe(plain, ...key);
    }
  }

  /**
   * An outcome per record, in order; a refused record changes nothing. The records are
   * checked and sealed one by one, then every new key is stored in one transaction (one disk
   * sync per request, not per key). `actor` is remembered with a noCopy restore.
   */
  async import(records: readonly unknown[], actor: string): Promise<RawImportOutcome[]> {
    const outcomes: RawImportOutcome[] = [];
    const pending = new Map<string, Pending>();
    for (const [position, raw] of records.entries()) {
      try {
        const done = await this.#importOne(raw, actor, pending);
        if ('row' in done) pending.set(done.row.keyId, { ...done, position });
        else outcomes.push({ position, ...done });
      } catch (e) {
        if (!(e instanceof Refused)) throw e;
        outcomes.push({ position, keyId: e.keyId, status: 'refused', code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) });
      }
    }
    this.repo.transaction(() => {
      for (const p of pending.values()) {
        if (!this.repo.insertKey(p.row)) {
          outcomes.push({ position: p.position, keyId: p.row.keyId, status: 'refused', code: 'key-exists', message: `${p.what}: a key ${p.row.keyId} appeared on this node during the restore`, field: 'keyId' });
          continue;
        }
        if (p.noCopyRecord) {
          this.repo.setKeyNoCopy(p.row.keyId);
          this.repo.addRawRestore(p.noCopyRecord, p.row.keyId, actor);
        }
        outcomes.push({ position: p.position, keyId: p.row.keyId, status: 'restored', message: `${p.what} restored` });
      }
    });
    return outcomes.sort((a, b) => a.position - b.position);
  }

  async #importOne(raw: unknown, actor: string, pending: ReadonlyMap<string, Pending>): Promise<Omit<RawImportOutcome, 'position'> | Omit<Pending, 'position'>> {
    const keyIdOf = (raw as { keyId?: unknown } | null)?.keyId;
    const parsed = RawRecord.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'record';
      throw new Refused(typeof keyIdOf === 'string' ? keyIdOf : null, 'invalid-record', `not a ${RAW_FORMAT} record: ${field}: ${issue.message}`, field);
    }
    const r = parsed.data;
    const me = this.node;
    const what = `key ${r.keyId} (${r.site} node ${r.index})`;
    for (const field of ['site', 'index', 'threshold', 'players'] as const) {
      if (r[field] !== me[field]) {
        const fix = field === 'index' ? `restore it onto node ${r.index}` : `restore it onto a node of that site`;
        throw new Refused(r.keyId, 'wrong-node', `${what} is a record of ${field} ${r[field]}; this node is ${me.site} node ${me.index} (${field} ${me[field]}) — ${fix}`, field);
      }
    }
    if (r.kekFingerprint !== this.#fingerprint) {
      throw new Refused(r.keyId, 'wrong-kek', `${what} was backed up under another master KEK (fingerprint ${short(r.kekFingerprint)}); this node's master KEK has fingerprint ${short(this.#fingerprint)} — start the node with the KEK the record was made under`, 'kekFingerprint');
    }
    const curve = getCurve(r.curve);
    const { wrapped, ...meta } = r;
    const kek = this.sealer.kekForBackup();
    const key = recordKey(kek, meta);
    wipe(kek);
    let plain: Uint8Array;
    try {
      plain = kwpUnwrap(key, fromBase64(wrapped, 'wrapped'), 'wrapped');
    } catch {
      throw new Refused(r.keyId, 'altered', `${what} does not open under this node's master KEK although its fingerprint matches: the record was altered after it was made`, 'wrapped');
    } finally {
      wipe(key);
    }
    try {
      if (plain.length !== curve.scalarBytes + (r.chainCode ? 32 : 0)) {
        throw new Refused(r.keyId, 'altered', `${what}: the wrapped share has the wrong length for ${curve.name}`, 'wrapped');
      }
      const share = plain.subarray(0, curve.scalarBytes);
      let pub: Uint8Array;
      try {
        const info = parseSpki(fromBase64(r.publicKey, 'publicKey'), 'publicKey');
        if (info.algorithm === 'RSA' || info.curve !== curve.name) throw new Error('not this curve');
        pub = info.der;
        if (!equalBytes(publicKeyFromScalar(curve, share), fromBase64(r.publicShare, 'publicShare'))) throw new Refused(r.keyId, 'share-mismatch', `${what}: the unwrapped share is not the one its publicShare names`, 'publicShare');
      } catch (e) {
        if (e instanceof Refused) throw e;
        throw new Refused(r.keyId, 'invalid-record', `${what}: publicKey is not a ${curve.name} public key (base64 DER SPKI)`, 'publicKey');
      }
      if (r.noCopy) {
        const earlier = this.repo.getRawRestore(r.recordId);
        if (earlier) {
          throw new Refused(r.keyId, 'restored-once', `${what} is a noCopy key and this record was restored on this node once already (${earlier.restoredAt}, by ${earlier.restoredBy}); its state must not be reused — raw-export the key again where it is in use`, 'recordId');
        }
      }
      const earlier = pending.get(r.keyId);
      if (earlier) {
        // The same key twice in one request: the first record is being restored.
        if (!equalBytes(earlier.row.publicKey, pub)) throw new Refused(r.keyId, 'key-exists', `${what}: an earlier record in this request restores another key with ID ${r.keyId}`, 'keyId');
        if (r.noCopy && earlier.noCopyRecord === r.recordId) throw new Refused(r.keyId, 'restored-once', `${what}: this noCopy record is already restored by an earlier entry of this request`, 'recordId');
        return { keyId: r.keyId, status: 'already-present', message: `${what} is restored by an earlier record of this request` };
      }
      const existing = this.repo.getKey(r.keyId);
      if (existing) {
        if (!equalBytes(existing.publicKey, pub)) {
          throw new Refused(r.keyId, 'key-exists', `${what}: this node holds another key with ID ${r.keyId} (a different public key); delete it or restore under its own node`, 'keyId');
        }
        if (r.noCopy && existing.disabledAt) {
          // The node's own disabled copy comes back into use with this record, once.
          this.repo.transaction(() => {
            this.repo.addRawRestore(r.recordId, r.keyId, actor);
            this.repo.enableKey(r.keyId);
          });
          return { keyId: r.keyId, status: 'restored', message: `${what} restored: the disabled noCopy key is in use again` };
        }
        return { keyId: r.keyId, status: 'already-present', message: `${what} is already on this node with the same public key${existing.disabledAt ? ' (disabled)' : ''}` };
      }
      const shareSealed = await this.sealer.seal(plain, shareLabel(r.keyId));
      return {
        row: { keyId: r.keyId, curve: curve.name, publicKey: pub, hasChainCode: r.chainCode, shareSealed, origin: r.origin, createdAt: r.createdAt },
        ...(r.noCopy ? { noCopyRecord: r.recordId } : {}),
        what,
      };
    } finally {
      wipe(plain);
    }
  }
}

/** A checked, sealed record waiting for the request's one transaction. */
interface Pending {
  position: number;
  row: Omit<KeyRow, 'createdAt' | 'noCopy' | 'disabledAt'> & { createdAt: string };
  /** Set for a noCopy record: its ID, remembered as restored. */
  noCopyRecord?: string;
  /** "key K (site node i)", for the sentence. */
  what: string;
}

class Refused extends Error {
  constructor(
    readonly keyId: string | null,
    readonly code: NonNullable<RawImportOutcome['code']>,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'Refused';
  }
}
