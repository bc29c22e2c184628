import Database from 'better-sqlite3';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate } from './db.ts';
import { MIGRATIONS } from './migrations.ts';
import { Repository } from './repository.ts';

/** A database as a node of schema version 1 left it. */
function versionOne(): Database.Database {
  const db = new Database(':memory:');
  db.exec(MIGRATIONS[0] as string);
  db.pragma('user_version = 1');
  return db;
}

/** A database as a node of schema version 2 left it (before the pairing record). */
function versionTwo(): Database.Database {
  const db = versionOne();
  (MIGRATIONS[1] as (db: Database.Database) => void)(db);
  db.pragma('user_version = 2');
  return db;
}

/** A database as a node of schema version 3 left it (before cold storage's noCopy and restore log). */
function versionThree(): Database.Database {
  const db = versionTwo();
  db.exec(MIGRATIONS[2] as string);
  db.pragma('user_version = 3');
  return db;
}

describe('migrations', () => {
  it('a version-1 file opens, and its whitelist entries get their fingerprints once', () => {
    const der = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
    const key = der.toString('base64');
    const db = versionOne();
    db.prepare("INSERT INTO export_config (id, enable_export, whitelist, version, updated_at, updated_by) VALUES (1, 1, ?, 7, '2026-01-01T00:00:00.000Z', 'admin')").run(JSON.stringify([key]));
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const row = new Repository(db).getExportConfig();
    expect(row).toMatchObject({ enableExport: true, whitelist: [key], version: 7, updatedBy: 'admin' });
    expect(row?.entries).toEqual([{ key, fingerprint: createHash('sha256').update(der).digest('hex'), rsaBits: 2048 }]);
  });

  it('a version-1 file without an export configuration yet migrates too', () => {
    const db = versionOne();
    migrate(db);
    expect(new Repository(db).getExportConfig()).toBeUndefined();
    new Repository(db).initExportConfig(false, [{ key: '*' }]);
    expect(new Repository(db).getExportConfig()).toMatchObject({ whitelist: ['*'], entries: [{ key: '*' }] });
  });

  it('a version-2 file migrates to an unpaired record at version 0 that can then be set', () => {
    const db = versionTwo();
    db.prepare("INSERT INTO export_config (id, enable_export, whitelist, entries, version, updated_at, updated_by) VALUES (1, 0, '[]', '[]', 3, '2026-01-01T00:00:00.000Z', 'admin')").run();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const repo = new Repository(db);
    expect(repo.getExportConfig()?.version).toBe(3);
    expect(repo.getPairing()).toEqual({ record: null, version: 0, updatedAt: null, updatedBy: null });
    const record = { site: 'main', role: 'main' as const, counterpartSite: 'dr', counterpartIndex: 1, counterpartFingerprint: 'cd'.repeat(32), direction: 'one-way' as const, pairedBy: 'admin', pairedAt: '2026-01-02T00:00:00.000Z' };
    expect(repo.updatePairing(1, record, 'admin')).toBeUndefined();
    expect(repo.updatePairing(0, record, 'admin')).toMatchObject({ record, version: 1, updatedBy: 'admin' });
  });

  it('a version-3 file migrates its keys to copyable and enabled, and then remembers noCopy restores once', () => {
    const db = versionThree();
    db.prepare("INSERT INTO keys (key_id, curve, public_key, has_chain, share_sealed, origin, created_at) VALUES ('old-key', 'secp256k1', X'01', 0, X'02', 'test', '2026-01-01T00:00:00.000Z')").run();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const repo = new Repository(db);
    expect(repo.getKey('old-key')).toMatchObject({ keyId: 'old-key', noCopy: false, disabledAt: null });
    expect(repo.setKeyNoCopy('old-key')).toBe(true);
    expect(repo.disableKey('old-key')).toBe(true);
    expect(repo.disableKey('old-key')).toBe(false);
    expect(repo.getKey('old-key')).toMatchObject({ noCopy: true, disabledAt: expect.any(String) });
    expect(repo.addRawRestore('ab'.repeat(16), 'old-key', 'admin')).toBe(true);
    expect(repo.addRawRestore('ab'.repeat(16), 'old-key', 'admin')).toBe(false);
    expect(repo.getRawRestore('ab'.repeat(16))).toMatchObject({ keyId: 'old-key', restoredBy: 'admin' });
  });
});
