import { generateKeyPairSync } from 'node:crypto';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCandidate } from './candidate.ts';

function rsa(bits: number) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const spkiDer = publicKey.export({ type: 'spki', format: 'der' });
  return {
    spkiPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    pkcs1Pem: publicKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    base64: spkiDer.toString('base64'),
    der: new Uint8Array(spkiDer),
    fingerprint: createHash('sha256').update(spkiDer).digest('hex'),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

describe('readCandidate', () => {
  const key = rsa(2048);

  it('reads PEM SPKI, PEM PKCS#1, base64 DER and DER bytes as the same SPKI', () => {
    for (const [input, format] of [
      [key.spkiPem, 'PEM SubjectPublicKeyInfo'],
      [key.pkcs1Pem, 'PEM PKCS#1 RSA public key (stored as SPKI)'],
      [key.base64, 'base64 DER SubjectPublicKeyInfo'],
      [key.der, 'DER SubjectPublicKeyInfo'],
    ] as const) {
      const result = readCandidate(input, 'The pasted text');
      expect(result).toEqual({ ok: true, format, entry: { key: key.base64, fingerprint: key.fingerprint, rsaBits: 2048 } });
    }
  });

  it('names the input and the reason when it refuses', () => {
    const refuse = (input: string | Uint8Array, source = 'The pasted text') => {
      const r = readCandidate(input, source);
      if (r.ok) throw new Error('accepted');
      return r.message;
    };
    expect(refuse('   ')).toBe('The pasted text is empty. Paste an RSA public key.');
    expect(refuse(key.privatePem)).toMatch(/^The pasted text is a PEM private key\. A whitelist holds public keys only/);
    expect(refuse('hello')).toMatch(/^The pasted text: not a PEM block or base64 DER public key\.$/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(refuse(ec, 'File "ec.pem"')).toBe('File "ec.pem": a wrapping key must be RSA, got EC.');
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(refuse(small)).toMatch(/RSA key of 1024 bits is refused; use at least 2048 bits/);
  });
});
