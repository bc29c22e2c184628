// Versioned schema for a node's SQLite file. Each migration runs once, in order, inside
// a transaction, and bumps `PRAGMA user_version`; never edit a released migration —
// append a new one. A migration is SQL, or a function when rows must be rewritten with
// something SQL cannot compute (a fingerprint).
import { validateWhitelist } from '../../protocol/export-whitelist.ts';
import type { Database } from 'better-sqlite3';

export type Migration = string | ((db: Database) => void);

export const MIGRATIONS: readonly Migration[] = [
  // 1: the first schema
  `
  CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  -- RSA wrapping key pairs. private_sealed = AES-256-GCM(master KEK, PKCS#8, aad = "wrapping-key:" || id)
  CREATE TABLE wrapping_keys (
    id             TEXT PRIMARY KEY,
    spki           BLOB NOT NULL,
    fingerprint    TEXT NOT NULL UNIQUE,
    private_sealed BLOB NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('active', 'previous', 'retired')),
    created_at     TEXT NOT NULL,
    retired_at     TEXT
  ) STRICT;

  -- One share per key. share_sealed = AES-256-GCM(master KEK, share ‖ chain code?, aad = "key-share:" || key_id)
  CREATE TABLE keys (
    key_id       TEXT PRIMARY KEY,
    curve        TEXT NOT NULL,
    public_key   BLOB NOT NULL,
    has_chain    INTEGER NOT NULL CHECK (has_chain IN (0, 1)),
    share_sealed BLOB NOT NULL,
    origin       TEXT NOT NULL,
    created_at   TEXT NOT NULL
  ) STRICT;

  CREATE TABLE export_config (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    enable_export INTEGER NOT NULL CHECK (enable_export IN (0, 1)),
    whitelist     TEXT NOT NULL,
    version       INTEGER NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
  ) STRICT;

  CREATE TABLE audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
    details TEXT NOT NULL
  ) STRICT;

  CREATE TABLE events (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    at   TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL
  ) STRICT;
  `,
  // 2: each whitelist entry kept parsed (key, fingerprint, RSA size) as it was written, so
  // an export's admission check does not parse the whole list again.
  (db) => {
    db.exec("ALTER TABLE export_config ADD COLUMN entries TEXT NOT NULL DEFAULT '[]'");
    const row = db.prepare('SELECT whitelist FROM export_config WHERE id = 1').get() as { whitelist: string } | undefined;
    if (row === undefined) return;
    const { entries } = validateWhitelist(JSON.parse(row.whitelist) as string[]);
    db.prepare('UPDATE export_config SET entries = ? WHERE id = 1').run(JSON.stringify(entries));
  },
  // 3: the fail-over pairing this node records (issue 11), one versioned row; version 0 and
  // a NULL record until a pairing is first set.
  `
  CREATE TABLE pairing (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    record     TEXT,
    version    INTEGER NOT NULL,
    updated_at TEXT,
    updated_by TEXT
  ) STRICT;
  INSERT INTO pairing (id, record, version) VALUES (1, NULL, 0);
  `,
  // 4: cold storage (issue 13, docs/backup.md): a key may be marked noCopy (its state must
  // not be reused after a copy), a noCopy key is disabled once raw-exported, and the raw
  // records of noCopy keys this node restored are remembered so none is restored twice.
  `
  ALTER TABLE keys ADD COLUMN no_copy INTEGER NOT NULL DEFAULT 0 CHECK (no_copy IN (0, 1));
  ALTER TABLE keys ADD COLUMN disabled_at TEXT;
  CREATE TABLE raw_restores (
    record_id   TEXT PRIMARY KEY,
    key_id      TEXT NOT NULL,
    restored_at TEXT NOT NULL,
    restored_by TEXT NOT NULL
  ) STRICT;
  `,
];
