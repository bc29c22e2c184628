// Key shares held by this node: stored sealed under the master KEK (aad = key ID), listed
// without secrets, deleted, and backed up / restored in the seeds' "raw" form — the
// share wrapped with AES-KWP (RFC 5649) under a key derived from the master KEK, so a
// blank node given the same KEK can restore it. Keys whose state must not be reused
// after a copy (hash-based signatures) would have to be disabled on raw export; none of
// today's curves has such state.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { kwpUnwrap, kwpWrap } from '../crypto/aes-kw.ts';
import { concatBytes, equalBytes, fromBase64, toBase64, utf8, wipe } from '../crypto/bytes.ts';
import type { z } from 'zod';
import { getCurve, type CurveName } from '../crypto/curves.ts';
import { parseSpki, type PublicKeyInfo } from '../crypto/public-key.ts';
import type { Backup, KeySummary } from '../protocol/api.ts';
import type { Sealer } from './at-rest.ts';
import { fail } from './sessions/failure.ts';
import type { KeyRow, Repository } from './store/repository.ts';

export const BACKUP_FORMAT: Backup['format'] = 'keyferry-backup/1';

/** The associated data a share is sealed under (also used by raw-backup.ts). */
export const shareLabel = (keyId: string) => `key-share:${keyId}`;

/** A key as the API lists it (no secrets). */
export type KeySummary = z.infer<typeof KeySummary>;

/** A raw backup: the share wrapped under a key derived from the master KEK (AES-KWP), with its metadata. */
export type Backup = z.infer<typeof Backup>;

/** An EC or Ed25519 public key, parsed from its DER SPKI. */
export type SharePublicKey = Exclude<PublicKeyInfo, { algorithm: 'RSA' }>;

export interface NodeIdentity {
  site: string;
  index: number;
  threshold: number;
  players: number;
}

export class KeyShareError extends Error {
  constructor(
    readonly code: 'not-found' | 'key-exists' | 'backup-mismatch' | 'backup-invalid' | 'wrong-kek',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'KeyShareError';
  }
}

export function summarize(row: KeyRow): KeySummary {
  const summary: KeySummary = { keyId: row.keyId, curve: row.curve as CurveName, publicKey: toBase64(row.publicKey), chainCode: row.hasChainCode, createdAt: row.createdAt, origin: row.origin };
  // Cold storage (docs/backup.md): the flags appear only when set, so older readers see nothing new.
  if (row.noCopy) summary.noCopy = true;
  if (row.disabledAt) summary.disabled = true;
  return summary;
}

/** The sentence for a noCopy key that was raw-exported and so may not be used here any more. */
export function disabledSentence(keyId: string, index: number): string {
  return `key ${keyId} is disabled on node ${index}: it is a noCopy key and was raw-exported; restore its record (keyferry restore) before using it, or delete it`;
}

function backupKey(kek: Uint8Array): Uint8Array {
  return hkdf(sha256, kek, undefined, utf8('keyferry raw backup v1'), 32);
}

function metadataDigest(b: Omit<Backup, 'wrapped'>): Uint8Array {
  const fields = [b.format, b.site, b.index, b.threshold, b.players, b.keyId, b.curve, b.publicKey, b.chainCode, b.origin, b.createdAt];
  return sha256(utf8(JSON.stringify(fields)));
}

/** One share to store: `publicKey` as DER SPKI, or the key as the caller parsed it already (an import session parses it once, when the join arrives). */
export interface StoreInput {
  keyId: string;
  curve: CurveName;
  publicKey: Uint8Array | SharePublicKey;
  share: Uint8Array;
  chainCode?: Uint8Array;
  origin: string;
  createdAt?: string;
}

export class KeyShares {
  constructor(
    private readonly repo: Repository,
    private readonly sealer: Sealer,
    private readonly node: NodeIdentity,
  ) {}

  list(): KeySummary[] {
    return this.repo.listKeys().map(summarize);
  }

  get(keyId: string): KeySummary | undefined {
    const row = this.repo.getKey(keyId);
    return row && summarize(row);
  }

  /** Store this node's share of a key. Refuses an existing key ID (KeyShareError key-exists). */
  async store(input: StoreInput): Promise<KeySummary> {
    const [stored] = await this.storeMany([input]);
    if (stored instanceof Error) throw stored;
    return stored!;
  }

  /**
   * Store many shares at once (a batch session): each sealed, then all inserted in one
   * transaction — one disk sync for the batch, not one per key. Per input: the stored key,
   * or the error that kept it out (an existing key ID); the others are stored regardless.
   */
  async storeMany(inputs: readonly StoreInput[]): Promise<Array<KeySummary | KeyShareError>> {
    const rows = await Promise.all(
      inputs.map(async (input) => {
        const curve = getCurve(input.curve);
        if (input.share.length !== curve.scalarBytes) throw new Error(`a ${curve.name} share is ${curve.scalarBytes} bytes`);
        const info = input.publicKey instanceof Uint8Array ? parseSpki(input.publicKey, 'publicKey') : input.publicKey;
        if (info.algorithm === 'RSA' || info.curve !== curve.name) throw new Error(`publicKey is not a ${curve.name} key`);
        const plain = input.chainCode ? concatBytes(input.share, input.chainCode) : input.share.slice();
        try {
          const shareSealed = await this.sealer.seal(plain, shareLabel(input.keyId));
          return { keyId: input.keyId, curve: curve.name, publicKey: info.der, hasChainCode: input.chainCode !== undefined, shareSealed, origin: input.origin, ...(input.createdAt ? { createdAt: input.createdAt } : {}) };
        } finally {
          wipe(plain);
        }
      }),
    );
    const inserted = this.repo.transaction(() => rows.map((row) => this.repo.insertKey(row)));
    return rows.map((row, i) => (inserted[i] ? this.get(row.keyId)! : new KeyShareError('key-exists', `key ${row.keyId} already exists on this node`, 'keyId')));
  }

  /** This node's share (and chain code) in the clear, for a session; the caller wipes them. */
  async openShare(keyId: string): Promise<{ key: KeySummary; share: Uint8Array; chainCode?: Uint8Array } | undefined> {
    const row = this.repo.getKey(keyId);
    if (!row) return undefined;
    // A disabled (raw-exported noCopy) key takes part in no session: its state lives in the backup now.
    if (row.disabledAt) fail('key-not-found', disabledSentence(keyId, this.node.index), { node: this.node.index });
    const plain = await this.sealer.open(row.shareSealed, shareLabel(keyId));
    const bytes = getCurve(row.curve as CurveName).scalarBytes;
    const out: { key: KeySummary; share: Uint8Array; chainCode?: Uint8Array } = { key: summarize(row), share: plain.slice(0, bytes) };
    if (row.hasChainCode) out.chainCode = plain.slice(bytes);
    wipe(plain);
    return out;
  }

  delete(keyId: string): KeySummary {
    const row = this.repo.getKey(keyId);
    if (!row || !this.repo.deleteKey(keyId)) throw new KeyShareError('not-found', `no key ${keyId} on this node`, 'keyId');
    return summarize(row);
  }

  async backup(keyId: string): Promise<Backup> {
    const row = this.repo.getKey(keyId);
    if (!row) throw new KeyShareError('not-found', `no key ${keyId} on this node`, 'keyId');
    // keyferry-backup/1 knows nothing of noCopy: such a key is backed up with raw-export only, which disables it.
    if (row.noCopy) throw new KeyShareError('backup-mismatch', `key ${keyId} is a noCopy key; back it up with POST /v1/keys/raw-export (keyferry backup), which disables it on this node`, 'keyId');
    const meta: Omit<Backup, 'wrapped'> = { format: BACKUP_FORMAT, ...this.node, ...summarize(row) };
    const plain = await this.sealer.open(row.shareSealed, shareLabel(keyId));
    const kek = this.sealer.kekForBackup();
    const key = backupKey(kek);
    const payload = concatBytes(plain, metadataDigest(meta));
    try {
      return { ...meta, wrapped: toBase64(kwpWrap(key, payload)) };
    } finally {
      wipe(plain, kek, key, payload);
    }
  }

  async restore(backup: Backup): Promise<{ key: KeySummary; created: boolean }> {
    const curve = getCurve(backup.curve);
    for (const field of ['site', 'index', 'threshold', 'players'] as const) {
      if (backup[field] !== this.node[field]) {
        throw new KeyShareError('backup-mismatch', `the backup is of ${field} ${backup[field]}, this node is ${field} ${this.node[field]}; restore it onto the node it came from`, field);
      }
    }
    const kek = this.sealer.kekForBackup();
    const key = backupKey(kek);
    let payload: Uint8Array;
    try {
      payload = kwpUnwrap(key, fromBase64(backup.wrapped, 'wrapped'), 'wrapped');
    } catch {
      throw new KeyShareError('wrong-kek', 'the backup does not unwrap under this node\'s master KEK (a different KEK, or the backup was altered)', 'wrapped');
    } finally {
      wipe(kek, key);
    }
    const shareLength = curve.scalarBytes + (backup.chainCode ? 32 : 0);
    try {
      if (payload.length !== shareLength + 32) throw new KeyShareError('backup-invalid', 'the wrapped payload has the wrong length for its curve', 'wrapped');
      const { wrapped: _wrapped, ...meta } = backup;
      if (!equalBytes(payload.subarray(shareLength), metadataDigest(meta))) {
        throw new KeyShareError('backup-invalid', 'the backup\'s metadata was changed after it was made (digest mismatch)', 'wrapped');
      }
      const existing = this.repo.getKey(backup.keyId);
      if (existing) {
        if (toBase64(existing.publicKey) === backup.publicKey) return { key: summarize(existing), created: false };
        throw new KeyShareError('key-exists', `key ${backup.keyId} exists on this node with a different public key`, 'keyId');
      }
      const share = payload.slice(0, curve.scalarBytes);
      const chainCode = backup.chainCode ? payload.slice(curve.scalarBytes, shareLength) : undefined;
      const stored = await this.store({
        keyId: backup.keyId,
        curve: curve.name,
        publicKey: fromBase64(backup.publicKey, 'publicKey'),
        share,
        ...(chainCode ? { chainCode } : {}),
        origin: backup.origin,
        createdAt: backup.createdAt,
      });
      wipe(share, chainCode);
      return { key: stored, created: true };
    } finally {
      wipe(payload);
    }
  }
}
