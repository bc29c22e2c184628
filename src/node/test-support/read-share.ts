// Test-only: read what a node holds at rest straight from its SQLite file (opened
// read-only while the node runs; WAL allows concurrent readers) and unseal it with the
// node's master KEK — a key share (aad "key-share:<keyId>") or the node's RSA wrapping
// private key (aad "wrapping-key:<id>"). Lets a test recombine shares and decrypt
// exported ones without any API that would hand secrets out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { aesGcmDecrypt } from '../../crypto/aes-gcm.ts';
import { bytesToBigint, fromHex, utf8 } from '../../crypto/bytes.ts';
import { getCurve, type CurveName } from '../../crypto/curves.ts';
import { importRsaDecryptKey } from '../../crypto/rsa-oaep.ts';

export const nodeHome = (home: string, site: string, index: number) => join(home, site, `node-${index}`);

function kek(home: string, site: string, index: number): Uint8Array {
  return fromHex(readFileSync(join(nodeHome(home, site, index), 'master.kek'), 'utf8').trim(), 'master.kek');
}

function withDb<T>(home: string, site: string, index: number, read: (db: Database.Database) => T): T {
  const db = new Database(join(nodeHome(home, site, index), 'data', 'node.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

async function unseal(key: Uint8Array, sealed: Uint8Array, label: string): Promise<Uint8Array> {
  return aesGcmDecrypt(key, sealed.subarray(0, 12), sealed.subarray(12), utf8(label));
}

export interface StoredShare {
  keyId: string;
  curve: CurveName;
  publicKey: Uint8Array;
  /** The share scalar as stored (big-endian, curve.scalarBytes). */
  share: Uint8Array;
  value: bigint;
  chainCode?: Uint8Array;
  /** The sealed blob as it sits in the row. */
  sealed: Uint8Array;
}

/** The node's share of `keyId`, or undefined when it has no row for it. */
export async function readShare(home: string, site: string, index: number, keyId: string): Promise<StoredShare | undefined> {
  const row = withDb(home, site, index, (db) =>
    db.prepare('SELECT key_id, curve, public_key, has_chain, share_sealed FROM keys WHERE key_id = ?').get(keyId) as
      | { key_id: string; curve: string; public_key: Buffer; has_chain: number; share_sealed: Buffer }
      | undefined,
  );
  if (!row) return undefined;
  const curve = getCurve(row.curve as CurveName);
  const sealed = new Uint8Array(row.share_sealed);
  const plain = await unseal(kek(home, site, index), sealed, `key-share:${row.key_id}`);
  const share = plain.slice(0, curve.scalarBytes);
  const out: StoredShare = { keyId: row.key_id, curve: curve.name, publicKey: new Uint8Array(row.public_key), share, value: bytesToBigint(share), sealed };
  if (row.has_chain === 1) out.chainCode = plain.slice(curve.scalarBytes);
  return out;
}

/** The node's wrapping private key with this fingerprint, as an RSA-OAEP-SHA256 decryption key. */
export async function readWrappingPrivateKey(home: string, site: string, index: number, fingerprint: string): Promise<CryptoKey> {
  const row = withDb(home, site, index, (db) => db.prepare('SELECT id, private_sealed FROM wrapping_keys WHERE fingerprint = ?').get(fingerprint) as { id: string; private_sealed: Buffer } | undefined);
  if (!row) throw new Error(`${site} node ${index} has no wrapping key ${fingerprint}`);
  const pkcs8 = await unseal(kek(home, site, index), new Uint8Array(row.private_sealed), `wrapping-key:${row.id}`);
  return importRsaDecryptKey(pkcs8);
}
