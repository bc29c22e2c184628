// All of the node's SQL, behind typed functions. Nothing here encrypts or decrypts:
// sealed columns arrive sealed (see at-rest.ts) and leave sealed.
import type { z } from 'zod';
import type { AuditEntry } from '../../protocol/api.ts';
import type { WhitelistEntry } from '../../protocol/export-whitelist.ts';
import type { PairingRecord } from '../../protocol/pairing.ts';
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';

export interface WrappingKeyRow {
  id: string;
  spki: Uint8Array;
  fingerprint: string;
  privateSealed: Uint8Array;
  status: 'active' | 'previous' | 'retired';
  createdAt: string;
  retiredAt: string | null;
}

export interface KeyRow {
  keyId: string;
  curve: string;
  publicKey: Uint8Array;
  hasChainCode: boolean;
  shareSealed: Uint8Array;
  origin: string;
  createdAt: string;
  /** Cold storage (migration 4): the key's state must not be reused after a copy. */
  noCopy?: boolean;
  /** Set when a noCopy key was raw-exported: the node no longer uses or exports it. */
  disabledAt?: string | null;
}

export interface ExportConfigRow {
  enableExport: boolean;
  /** The entries as written (base64 DER SPKI, or "*")… */
  whitelist: string[];
  /** … and the same entries as they were parsed when written: fingerprint and RSA size. */
  entries: WhitelistEntry[];
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface PairingRow {
  /** null: not paired (never, or unpaired). */
  record: PairingRecord | null;
  /** 0 until the pairing is first set; +1 on every change. */
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** An audit entry as GET /v1/audit lists it. */
export type AuditRow = z.infer<typeof AuditEntry>;

export interface EventRow {
  id: number;
  at: string;
  type: string;
  data: Record<string, unknown>;
}

const bytes = (b: Buffer | Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();
const now = () => new Date().toISOString();

export class Repository {
  /** Prepared once per SQL text: a batch reads and writes a row per key, and preparing costs more than the query. */
  readonly #statements = new Map<string, Database.Statement<unknown[]>>();

  constructor(readonly db: Db) {
    this.#transaction = db.transaction((work: () => unknown) => work());
  }

  #sql(text: string): Database.Statement<unknown[]> {
    let statement = this.#statements.get(text);
    if (statement === undefined) {
      statement = this.db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  /** One transaction function for every caller (making one prepares its BEGIN, COMMIT and ROLLBACK); nested calls become savepoints. */
  readonly #transaction: (work: () => unknown) => unknown;

  transaction<T>(work: () => T): T {
    return this.#transaction(work) as T;
  }

  getMeta(name: string): string | undefined {
    const row = this.#sql('SELECT value FROM meta WHERE name = ?').get(name) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(name: string, value: string): void {
    this.#sql('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, value);
  }

  // ---- wrapping keys ----
  private wrappingRow(r: Record<string, unknown>): WrappingKeyRow {
    return {
      id: r.id as string,
      spki: bytes(r.spki as Buffer),
      fingerprint: r.fingerprint as string,
      privateSealed: bytes(r.private_sealed as Buffer),
      status: r.status as WrappingKeyRow['status'],
      createdAt: r.created_at as string,
      retiredAt: (r.retired_at as string | null) ?? null,
    };
  }

  listWrappingKeys(): WrappingKeyRow[] {
    return (this.#sql('SELECT * FROM wrapping_keys ORDER BY created_at, id').all() as Record<string, unknown>[]).map((r) => this.wrappingRow(r));
  }

  activeWrappingKey(): WrappingKeyRow | undefined {
    const r = this.#sql("SELECT * FROM wrapping_keys WHERE status = 'active'").get() as Record<string, unknown> | undefined;
    return r && this.wrappingRow(r);
  }

  /** Insert a new active key; the previous active one becomes 'previous' (still usable for imports). */
  addActiveWrappingKey(row: Pick<WrappingKeyRow, 'id' | 'spki' | 'fingerprint' | 'privateSealed'>): void {
    this.transaction(() => {
      this.#sql("UPDATE wrapping_keys SET status = 'previous' WHERE status = 'active'").run();
      this.#sql("INSERT INTO wrapping_keys (id, spki, fingerprint, private_sealed, status, created_at) VALUES (?, ?, ?, ?, 'active', ?)")
        .run(row.id, row.spki, row.fingerprint, row.privateSealed, now());
    });
  }

  retireWrappingKey(fingerprint: string): boolean {
    const r = this.#sql("UPDATE wrapping_keys SET status = 'retired', retired_at = ?, private_sealed = X'' WHERE fingerprint = ? AND status = 'previous'")
      .run(now(), fingerprint);
    return r.changes === 1;
  }

  // ---- key shares ----
  private keyRow(r: Record<string, unknown>): KeyRow {
    return {
      keyId: r.key_id as string,
      curve: r.curve as string,
      publicKey: bytes(r.public_key as Buffer),
      hasChainCode: r.has_chain === 1,
      shareSealed: bytes(r.share_sealed as Buffer),
      origin: r.origin as string,
      createdAt: r.created_at as string,
      noCopy: r.no_copy === 1,
      disabledAt: (r.disabled_at as string | null) ?? null,
    };
  }

  listKeys(): KeyRow[] {
    return (this.#sql('SELECT * FROM keys ORDER BY created_at, key_id').all() as Record<string, unknown>[]).map((r) => this.keyRow(r));
  }

  getKey(keyId: string): KeyRow | undefined {
    const r = this.#sql('SELECT * FROM keys WHERE key_id = ?').get(keyId) as Record<string, unknown> | undefined;
    return r && this.keyRow(r);
  }

  countKeys(): number {
    return (this.#sql('SELECT count(*) AS n FROM keys').get() as { n: number }).n;
  }

  /** Returns false when the key ID exists already. */
  insertKey(row: Omit<KeyRow, 'createdAt'> & { createdAt?: string }): boolean {
    const r = this.#sql('INSERT INTO keys (key_id, curve, public_key, has_chain, share_sealed, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key_id) DO NOTHING')
      .run(row.keyId, row.curve, row.publicKey, row.hasChainCode ? 1 : 0, row.shareSealed, row.origin, row.createdAt ?? now());
    return r.changes === 1;
  }

  deleteKey(keyId: string): boolean {
    return this.#sql('DELETE FROM keys WHERE key_id = ?').run(keyId).changes === 1;
  }

  // ---- cold storage (docs/backup.md) ----
  /** Mark a key noCopy (one-way). False when there is no such key. */
  setKeyNoCopy(keyId: string): boolean {
    return this.#sql('UPDATE keys SET no_copy = 1 WHERE key_id = ?').run(keyId).changes === 1;
  }

  /** Disable an enabled key; false when it was disabled already (or is not there). */
  disableKey(keyId: string): boolean {
    return this.#sql('UPDATE keys SET disabled_at = ? WHERE key_id = ? AND disabled_at IS NULL').run(now(), keyId).changes === 1;
  }

  enableKey(keyId: string): boolean {
    return this.#sql('UPDATE keys SET disabled_at = NULL WHERE key_id = ?').run(keyId).changes === 1;
  }

  /** When this node restored the raw record `recordId` (noCopy records only), if it did. */
  getRawRestore(recordId: string): { keyId: string; restoredAt: string; restoredBy: string } | undefined {
    const r = this.#sql('SELECT * FROM raw_restores WHERE record_id = ?').get(recordId) as Record<string, string> | undefined;
    return r && { keyId: r.key_id!, restoredAt: r.restored_at!, restoredBy: r.restored_by! };
  }

  /** Returns false when the record was restored before. */
  addRawRestore(recordId: string, keyId: string, actor: string): boolean {
    return this.#sql('INSERT INTO raw_restores (record_id, key_id, restored_at, restored_by) VALUES (?, ?, ?, ?) ON CONFLICT(record_id) DO NOTHING').run(recordId, keyId, now(), actor).changes === 1;
  }

  // ---- export config ----
  getExportConfig(): ExportConfigRow | undefined {
    const r = this.#sql('SELECT * FROM export_config WHERE id = 1').get() as Record<string, unknown> | undefined;
    if (!r) return undefined;
    return {
      enableExport: r.enable_export === 1,
      whitelist: JSON.parse(r.whitelist as string) as string[],
      entries: JSON.parse(r.entries as string) as WhitelistEntry[],
      version: r.version as number,
      updatedAt: r.updated_at as string,
      updatedBy: r.updated_by as string,
    };
  }

  /** `entries` as validateWhitelist returned them: the keys are stored with their fingerprints. */
  initExportConfig(enableExport: boolean, entries: readonly WhitelistEntry[]): void {
    this.#sql("INSERT INTO export_config (id, enable_export, whitelist, entries, version, updated_at, updated_by) VALUES (1, ?, ?, ?, 1, ?, 'config file') ON CONFLICT(id) DO NOTHING")
      .run(enableExport ? 1 : 0, JSON.stringify(entries.map((e) => e.key)), JSON.stringify(entries), now());
  }

  /** Compare-and-set on version; returns the new row, or undefined when `baseVersion` is stale. */
  updateExportConfig(baseVersion: number, enableExport: boolean, entries: readonly WhitelistEntry[], actor: string): ExportConfigRow | undefined {
    const r = this.#sql('UPDATE export_config SET enable_export = ?, whitelist = ?, entries = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = 1 AND version = ?')
      .run(enableExport ? 1 : 0, JSON.stringify(entries.map((e) => e.key)), JSON.stringify(entries), now(), actor, baseVersion);
    return r.changes === 1 ? this.getExportConfig() : undefined;
  }

  // ---- fail-over pairing ----
  getPairing(): PairingRow {
    const r = this.#sql('SELECT * FROM pairing WHERE id = 1').get() as Record<string, unknown>;
    return {
      record: r.record === null ? null : (JSON.parse(r.record as string) as PairingRecord),
      version: r.version as number,
      updatedAt: (r.updated_at as string | null) ?? null,
      updatedBy: (r.updated_by as string | null) ?? null,
    };
  }

  /** Compare-and-set on version; returns the new row, or undefined when `baseVersion` is stale. */
  updatePairing(baseVersion: number, record: PairingRecord | null, actor: string): PairingRow | undefined {
    const r = this.#sql('UPDATE pairing SET record = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = 1 AND version = ?')
      .run(record === null ? null : JSON.stringify(record), now(), actor, baseVersion);
    return r.changes === 1 ? this.getPairing() : undefined;
  }

  // ---- audit ----
  addAudit(actor: string, action: string, outcome: 'ok' | 'refused', details: Record<string, unknown>): AuditRow {
    const at = now();
    const r = this.#sql('INSERT INTO audit (at, actor, action, outcome, details) VALUES (?, ?, ?, ?, ?)').run(at, actor, action, outcome, JSON.stringify(details));
    return { id: Number(r.lastInsertRowid), at, actor, action, outcome, details };
  }

  /** Newest first; `before` pages backwards. */
  listAudit(options: { before?: number | undefined; limit: number; action?: string | undefined }): AuditRow[] {
    const rows = this.#sql('SELECT * FROM audit WHERE id < ? AND (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ?')
      .all(options.before ?? Number.MAX_SAFE_INTEGER, options.action ?? null, options.action ?? null, options.limit) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: r.id as number,
      at: r.at as string,
      actor: r.actor as string,
      action: r.action as string,
      outcome: r.outcome as AuditRow['outcome'],
      details: JSON.parse(r.details as string) as Record<string, unknown>,
    }));
  }

  // ---- events ----
  addEvent(type: string, data: Record<string, unknown>): EventRow {
    const at = now();
    const r = this.#sql('INSERT INTO events (at, type, data) VALUES (?, ?, ?)').run(at, type, JSON.stringify(data));
    return { id: Number(r.lastInsertRowid), at, type, data };
  }

  /** The ID of the newest stored event, 0 when there is none: where a new event stream should resume. */
  lastEventId(): number {
    return (this.#sql('SELECT coalesce(max(id), 0) AS id FROM events').get() as { id: number }).id;
  }

  eventsAfter(id: number, limit = 1000): EventRow[] {
    const rows = this.#sql('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?').all(id, limit) as Record<string, unknown>[];
    return rows.map((r) => ({ id: r.id as number, at: r.at as string, type: r.type as string, data: JSON.parse(r.data as string) as Record<string, unknown> }));
  }
}
