// The service over a fake key store (IndexedDB itself and the worker are covered by e2e).
import { describe, expect, it } from 'vitest';
import { KeyStoreError, type KeyStore, type WrappingKeyRecord } from './key-store.ts';
import { createWrappingKeyService } from './wrapping-key-service.ts';

async function record(id: string, extractable: boolean): Promise<WrappingKeyRecord> {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    extractable,
    ['encrypt', 'decrypt'],
  );
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { id, label: id, createdAt: '2026-11-01T00:00:00.000Z', bits: 2048, spki, fingerprint: 'f'.repeat(64), privateKey: pair.privateKey };
}

function memoryStore(records: WrappingKeyRecord[]): KeyStore {
  const map = new Map(records.map((r) => [r.id, r]));
  return {
    list: async () => [...map.values()],
    get: async (id) => {
      const r = map.get(id);
      if (!r) throw new KeyStoreError('not-found', 'This wrapping key is no longer in this browser.');
      return r;
    },
    put: async (r) => void map.set(r.id, r),
    delete: async (id) => void map.delete(id),
  };
}

describe('WrappingKeyService.privateKey', () => {
  it('hands out the non-extractable private key handle and the SPKI', async () => {
    const r = await record('a', false);
    const service = createWrappingKeyService(memoryStore([r]));
    const key = await service.privateKey('a');
    expect(key.extractable).toBe(false);
    expect(key.usages).toContain('decrypt');
    expect(await service.publicKey('a')).toEqual(r.spki);
  });

  it('refuses an unknown id and an extractable key', async () => {
    const service = createWrappingKeyService(memoryStore([await record('x', true)]));
    await expect(service.privateKey('missing')).rejects.toThrow('This wrapping key is no longer in this browser.');
    await expect(service.privateKey('x')).rejects.toThrow(/extractable/);
  });
});
