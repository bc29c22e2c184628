// The console's one fingerprint against node:crypto's SHA-256 of the same DER SPKI, from
// bytes and from base64 (moved here from the wrapping keys' view model, which re-exported it).
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from './fingerprint.ts';

const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
const nodeFingerprint = createHash('sha256').update(spki).digest('hex');

describe('fingerprintOf', () => {
  it('fingerprint agrees with node:crypto', async () => {
    expect(await fingerprintOf(spki)).toBe(nodeFingerprint);
    expect(await fingerprintOf(Buffer.from(spki).toString('base64'))).toBe(nodeFingerprint);
  });

  it('refuses base64 that is not base64, naming the field', async () => {
    await expect(fingerprintOf('not base64!')).rejects.toMatchObject({ field: 'publicKey' });
  });
});
