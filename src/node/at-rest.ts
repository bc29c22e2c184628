// Encryption at rest under the node's master KEK: AES-256-GCM with a random 96-bit IV
// and a purpose-and-ID label as associated data, so a sealed blob cannot be moved to
// another row or purpose. Stored form: iv (12) ‖ ciphertext ‖ tag (16).
import { aesGcmDecrypt, aesGcmEncrypt, importGcmKey } from '../crypto/aes-gcm.ts';
import { concatBytes, utf8 } from '../crypto/bytes.ts';
import { isCryptoError } from '../crypto/errors.ts';

export class Sealer {
  readonly #kek: Uint8Array;
  /** The KEK imported once (non-extractable): a batch seals hundreds of shares. */
  #key: Promise<CryptoKey> | undefined;

  constructor(kek: Uint8Array) {
    if (kek.length !== 32) throw new Error('the master KEK must be 32 bytes');
    this.#kek = kek.slice();
  }

  async seal(plaintext: Uint8Array, label: string): Promise<Uint8Array> {
    const { iv, ciphertext } = await aesGcmEncrypt(await this.#cryptoKey(), plaintext, undefined, utf8(label));
    return concatBytes(iv, ciphertext);
  }

  /** Throws WrongKekError when the blob does not authenticate (wrong KEK or tampering). */
  async open(sealed: Uint8Array, label: string): Promise<Uint8Array> {
    try {
      return await aesGcmDecrypt(await this.#cryptoKey(), sealed.subarray(0, 12), sealed.subarray(12), utf8(label));
    } catch (e) {
      if (isCryptoError(e)) throw new WrongKekError(label);
      throw e;
    }
  }

  #cryptoKey(): Promise<CryptoKey> {
    return (this.#key ??= importGcmKey(this.#kek));
  }

  /** The raw KEK for AES-KWP backups; callers must not keep it. */
  kekForBackup(): Uint8Array {
    return this.#kek.slice();
  }

  dispose(): void {
    this.#kek.fill(0);
  }
}

export class WrongKekError extends Error {
  constructor(label: string) {
    super(`cannot decrypt ${label}: the master KEK does not match this data (or the data was altered)`);
    this.name = 'WrongKekError';
  }
}

/** A fixed check value sealed on first start; opening it proves the configured KEK is the right one. */
export const KEK_CHECK_LABEL = 'kek-check';
export const KEK_CHECK_PLAINTEXT = utf8('keyferry node master KEK check v1');
