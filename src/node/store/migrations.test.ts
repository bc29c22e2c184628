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
});
