// The node's RSA wrapping key pairs (the seeds' WrappingKeys): created on first start,
// rotated on request. The private half exists outside the database only as a
// non-extractable Web Crypto key in this process; at rest it is sealed under the
// master KEK. After rotation the previous key stays usable for imports until retired.
import { randomBytes } from 'node:crypto';
import { toBase64 } from '../crypto/bytes.ts';
import { fingerprint } from '../crypto/public-key.ts';
import { copyBytes, wipe } from '../crypto/bytes.ts';
import type { Sealer } from './at-rest.ts';
import type { Repository, WrappingKeyRow } from './store/repository.ts';

export const DEFAULT_WRAPPING_KEY_BITS = 3072;

const label = (id: string) => `wrapping-key:${id}`;

export interface WrappingKeyInfo {
  spki: string;
  fingerprint: string;
  status: WrappingKeyRow['status'];
  createdAt: string;
}

export class WrappingKeys {
  /** Imported once per key: a batch asks for the same key from many lanes at once, so the promise is kept, not only the key. */
  readonly #decryptKeys = new Map<string, Promise<CryptoKey | undefined>>();

  constructor(
    private readonly repo: Repository,
    private readonly sealer: Sealer,
    private readonly bits = DEFAULT_WRAPPING_KEY_BITS,
  ) {}

  /** Create the first key pair when there is none. */
  async ensure(): Promise<WrappingKeyInfo> {
    return this.repo.activeWrappingKey() ? this.active() : this.rotate();
  }

  active(): WrappingKeyInfo {
    const row = this.repo.activeWrappingKey();
    if (!row) throw new Error('this node has no active wrapping key');
    return info(row);
  }

  list(): WrappingKeyInfo[] {
    return this.repo.listWrappingKeys().map(info);
  }

  /** Generate a new active pair; the old active one becomes 'previous'. */
  async rotate(): Promise<WrappingKeyInfo> {
    const pair = (await crypto.subtle.generateKey(
      { name: 'RSA-OAEP', modulusLength: this.bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['encrypt', 'decrypt'],
    )) as CryptoKeyPair;
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
    const id = randomBytes(12).toString('base64url');
    try {
      const privateSealed = await this.sealer.seal(pkcs8, label(id));
      this.repo.addActiveWrappingKey({ id, spki, fingerprint: fingerprint(spki), privateSealed });
    } finally {
      wipe(pkcs8);
    }
    return this.active();
  }

  /** Retire a previous key: its private half is erased and it can no longer unwrap. */
  retire(fp: string): boolean {
    const done = this.repo.retireWrappingKey(fp);
    if (done) this.#decryptKeys.delete(fp);
    return done;
  }

  /** Decryption key for an active or previous wrapping key (imports), non-extractable. */
  decryptKey(fp: string): Promise<CryptoKey | undefined> {
    const cached = this.#decryptKeys.get(fp);
    if (cached) return cached;
    const row = this.repo.listWrappingKeys().find((r) => r.fingerprint === fp && r.status !== 'retired');
    if (!row) return Promise.resolve(undefined);
    const imported = (async () => {
      const pkcs8 = await this.sealer.open(row.privateSealed, label(row.id));
      try {
        return await crypto.subtle.importKey('pkcs8', copyBytes(pkcs8), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
      } finally {
        wipe(pkcs8);
      }
    })();
    this.#decryptKeys.set(fp, imported);
    // A key that could not be opened is not remembered: the next call tries (and fails) again.
    imported.catch(() => {
      if (this.#decryptKeys.get(fp) === imported) this.#decryptKeys.delete(fp);
    });
    return imported;
  }
}

function info(row: WrappingKeyRow): WrappingKeyInfo {
  return { spki: toBase64(row.spki), fingerprint: row.fingerprint, status: row.status, createdAt: row.createdAt };
}
