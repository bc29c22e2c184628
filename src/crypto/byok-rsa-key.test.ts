// RSA private keys read for BYOK, checked against node:crypto: PKCS#8 and PKCS#1, PEM
// and DER, come back as the PKCS#8 node:crypto exports and their modulus size; EC keys
// and non-keys are not taken for RSA; the key pair for --from-site gives node's SPKI.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readRsaKeyMaterial } from './byok-rsa-key.ts';
import { readUnwrappingKeyPair } from './byok-unwrapping-key.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('readRsaKeyMaterial', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const pkcs8 = new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));

  it('every RSA form gives node:crypto’s PKCS#8 and 3072 bits', () => {
    const forms = [
      utf8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
      utf8(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
      pkcs8.slice(),
      new Uint8Array(privateKey.export({ type: 'pkcs1', format: 'der' })),
    ];
    for (const form of forms) {
      const got = readRsaKeyMaterial(form)!;
      expect(got.material).toEqual({ kind: 'rsa', bits: 3072 });
      expect(Buffer.from(got.pkcs8).equals(Buffer.from(pkcs8))).toBe(true);
    }
  });

  it('an EC key or text that is no key is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    expect(readRsaKeyMaterial(utf8(ec.export({ type: 'pkcs8', format: 'pem' }).toString()))).toBeUndefined();
    expect(readRsaKeyMaterial(new Uint8Array(ec.export({ type: 'pkcs8', format: 'der' })))).toBeUndefined();
    expect(readRsaKeyMaterial(utf8('00112233'))).toBeUndefined();
  });

  it('the unwrapping key pair’s public half is node:crypto’s SPKI, from PKCS#1 and PKCS#8', async () => {
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('hex');
    for (const pem of [privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()]) {
      const pair = await readUnwrappingKeyPair(utf8(pem));
      expect(Buffer.from(pair.publicKey.der).toString('hex')).toBe(spki);
      expect(pair.key.extractable).toBe(false);
    }
  });
});
