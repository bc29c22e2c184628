// The wrapping-key service routes get through router context: generate in a Web Worker
// (the console's 'rsa-keygen' job), keep in IndexedDB, list, relabel, delete. The crypto
// core and the view model are loaded with import() on first use, so the shell renders
// without them.
import { fingerprintOf } from '../../shared/fingerprint.ts';
import { runJob } from '../../workers/run-job.ts';
import { WorkerJobError } from '../../workers/worker-job-error.ts';
import { createKeyStore, KeyStoreError, type KeyStore } from './key-store.ts';
import { checkLabel } from './label.ts';
import type { GeneratedKeyPair, RsaKeySize } from './rsa-keygen.ts';
import type { WrappingKeyView } from './view-model.ts';

export interface WrappingKeyService {
  list(): Promise<WrappingKeyView[]>;
  generate(label: string, bits: RsaKeySize): Promise<WrappingKeyView>;
  relabel(id: string, label: string): Promise<WrappingKeyView>;
  remove(id: string): Promise<void>;
  /** The key's DER SPKI (for session parameters). */
  publicKey(id: string): Promise<Uint8Array>;
  /**
   * The key's private half: a non-extractable RSA-OAEP CryptoKey handle, for unwrapping
   * shares in this browser (an export to the browser). Its bytes can never be read.
   */
  privateKey(id: string): Promise<CryptoKey>;
}

export class WrappingKeyError extends Error {
  override readonly name = 'WrappingKeyError';
  constructor(
    readonly code: 'invalid-label' | 'generate-failed',
    message: string,
  ) {
    super(message);
  }
}

function validLabel(input: string): string {
  const check = checkLabel(input);
  if (!check.ok) throw new WrappingKeyError('invalid-label', check.message);
  return check.label;
}

/** A key pair from the 'rsa-keygen' worker job; its failures in this service's words. */
async function generateInWorker(bits: RsaKeySize): Promise<GeneratedKeyPair> {
  try {
    return await runJob('rsa-keygen', { bits });
  } catch (error) {
    if (error instanceof WorkerJobError && error.code === 'worker-failed') throw new WrappingKeyError('generate-failed', error.message);
    throw new WrappingKeyError('generate-failed', `This browser could not generate the key: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function createWrappingKeyService(store: KeyStore = createKeyStore(), generatePair: (bits: RsaKeySize) => Promise<GeneratedKeyPair> = generateInWorker): WrappingKeyService {
  const view = async (record: Parameters<typeof import('./view-model.ts').toWrappingKeyView>[0]) => {
    const { toWrappingKeyView } = await import('./view-model.ts');
    return toWrappingKeyView(record);
  };
  return {
    async list() {
      const [{ newestFirst, toWrappingKeyView }, records] = await Promise.all([import('./view-model.ts'), store.list()]);
      return newestFirst(records.map((record) => toWrappingKeyView(record)));
    },
    async generate(labelInput, bits) {
      const label = validLabel(labelInput);
      const pair = await generatePair(bits);
      const record = {
        id: crypto.randomUUID(),
        label,
        createdAt: new Date().toISOString(),
        bits,
        spki: pair.spki,
        fingerprint: await fingerprintOf(pair.spki),
        privateKey: pair.privateKey,
      };
      await store.put(record);
      return view(record);
    },
    async relabel(id, labelInput) {
      const label = validLabel(labelInput);
      const record = await store.get(id);
      const next = { ...record, label };
      await store.put(next);
      return view(next);
    },
    async remove(id) {
      await store.delete(id);
    },
    async publicKey(id) {
      return (await store.get(id)).spki;
    },
    async privateKey(id) {
      const record = await store.get(id);
      if (record.privateKey.extractable) {
        // Every key this console makes is non-extractable; anything else was not made here.
        throw new KeyStoreError('storage-failed', 'This wrapping key’s private half is extractable, so this console will not use it.');
      }
      return record.privateKey;
    },
  };
}

/** A sentence for any failure of the service, for the page's error panels. */
export function describeWrappingKeyFailure(error: unknown): string {
  if (error instanceof KeyStoreError || error instanceof WrappingKeyError) return error.message;
  return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
}
