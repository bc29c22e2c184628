// Wrapping keys kept in this browser: IndexedDB database "keyferry", object store
// "wrapping-keys". The private key is a non-extractable CryptoKey (stored by structured
// clone, so its bytes never reach script); the public key is kept as DER SPKI bytes.
// No library: a few promise wrappers over the IndexedDB API.

export const DB_NAME = 'keyferry';
export const DB_VERSION = 1;
export const STORE_NAME = 'wrapping-keys';

export interface WrappingKeyRecord {
  id: string;
  label: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  bits: number;
  spki: Uint8Array;
  /** Lowercase hex SHA-256 of `spki`. */
  fingerprint: string;
  privateKey: CryptoKey;
}

export type KeyStoreErrorCode = 'storage-unavailable' | 'storage-failed' | 'not-found';

export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError';
  constructor(
    readonly code: KeyStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface KeyStore {
  list(): Promise<WrappingKeyRecord[]>;
  get(id: string): Promise<WrappingKeyRecord>;
  put(record: WrappingKeyRecord): Promise<void>;
  delete(id: string): Promise<void>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
  });
}

export function openDatabase(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<IDBDatabase> {
  if (factory === undefined) {
    return Promise.reject(new KeyStoreError('storage-unavailable', 'This browser has no IndexedDB, so it cannot keep wrapping keys.'));
  }
  return new Promise((resolve, reject) => {
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(DB_NAME, DB_VERSION);
    } catch (cause) {
      reject(new KeyStoreError('storage-unavailable', 'This browser refused to open its key storage (IndexedDB).', { cause }));
      return;
    }
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(STORE_NAME)) db.createObjectStore(STORE_NAME, { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () =>
      reject(
        new KeyStoreError(
          'storage-unavailable',
          `This browser refused to open its key storage (IndexedDB): ${req.error?.message ?? 'unknown reason'}.`,
          { cause: req.error },
        ),
      );
    req.onblocked = () =>
      reject(new KeyStoreError('storage-unavailable', 'Key storage is being upgraded in another tab; close other Keyferry tabs and reload.'));
  });
}

/** A key store over one open connection, opened on first use. */
export function createKeyStore(factory?: IDBFactory): KeyStore {
  let db: Promise<IDBDatabase> | undefined;
  const connection = () => {
    db ??= openDatabase(factory).catch((error: unknown) => {
      db = undefined; // let a later call try again
      throw error;
    });
    return db;
  };

  async function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const tx = (await connection()).transaction(STORE_NAME, mode);
    try {
      const [result] = await Promise.all([request(action(tx.objectStore(STORE_NAME))), done(tx)]);
      return result;
    } catch (cause) {
      throw new KeyStoreError('storage-failed', `Key storage (IndexedDB) failed: ${cause instanceof Error ? cause.message : String(cause)}.`, { cause });
    }
  }

  return {
    async list() {
      return (await run('readonly', (store) => store.getAll())) as WrappingKeyRecord[];
    },
    async get(id) {
      const record = (await run('readonly', (store) => store.get(id))) as WrappingKeyRecord | undefined;
      if (record === undefined) throw new KeyStoreError('not-found', 'This wrapping key is no longer in this browser.');
      return record;
    },
    async put(record) {
      await run('readwrite', (store) => store.put(record));
    },
    async delete(id) {
      await run('readwrite', (store) => store.delete(id));
    },
  };
}
