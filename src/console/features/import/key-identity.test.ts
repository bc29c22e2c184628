import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeSpki } from '../../../crypto/public-key.ts';
import { getCurve } from '../../../crypto/curves.ts';
import { checkPin, ethereumAddress, groupedFingerprint } from './key-identity.ts';

function secp256k1Spki(privateHex: string): string {
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(Buffer.from(privateHex, 'hex'));
  return Buffer.from(encodeSpki(getCurve('secp256k1'), new Uint8Array(ecdh.getPublicKey()))).toString('base64');
}

describe('ethereumAddress', () => {
  it('matches the well-known addresses of private keys 1 and 2 (EIP-55 checksummed)', () => {
    expect(ethereumAddress(secp256k1Spki('01'.padStart(64, '0')))).toBe('0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf');
    expect(ethereumAddress(secp256k1Spki('02'.padStart(64, '0')))).toBe('0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF');
  });
  it('is undefined for other curves', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    expect(ethereumAddress(Buffer.from(encodeSpki(getCurve('P-256'), new Uint8Array(ecdh.getPublicKey()))).toString('base64'))).toBeUndefined();
  });
});

describe('checkPin', () => {
  const fp = 'ab12'.repeat(16);
  it('ignores spaces, colons and case', () => {
    expect(checkPin('', fp)).toEqual({ state: 'none' });
    expect(checkPin(groupedFingerprint(fp).toUpperCase(), fp)).toEqual({ state: 'match' });
    expect(checkPin(fp.match(/../g)!.join(':'), fp)).toEqual({ state: 'match' });
  });
  it('says what is wrong with a pin, and stops on a mismatch', () => {
    expect(checkPin('xyz', fp)).toMatchObject({ state: 'invalid', message: expect.stringMatching(/hexadecimal/) });
    expect(checkPin('ab12', fp)).toMatchObject({ state: 'invalid', message: 'A fingerprint has 64 hex digits; this has 4.' });
    expect(checkPin('cd34'.repeat(16), fp)).toMatchObject({ state: 'mismatch', message: expect.stringMatching(/^The node reports ab12 ab12 ab12 ab12…, not the expected cd34/) });
  });
});
