// The public-key boxes' private-key guard, over keys made by node:crypto (independent of the
// core) in every form an operator might paste, and the published WIF and BIP32 vectors;
// public keys in every form the boxes take must pass untouched.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { privateKeyKind, privateKeyRefusal } from './private-key-guard.ts';

const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
const ed = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

// Bitcoin wiki's WIF example and BIP32 test vector 1's master key.
const WIF = '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ';
const XPRV = 'xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi';

const b64 = (b: Buffer) => b.toString('base64');

describe('privateKeyKind', () => {
  const privates: Array<[string, string | Uint8Array, RegExp]> = [
    ['PKCS#8 PEM (EC)', ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /PEM private key \(PRIVATE KEY\)/],
    ['PKCS#8 PEM (Ed25519)', ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /PEM private key/],
    ['PKCS#8 PEM (RSA)', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /PEM private key/],
    ['SEC 1 PEM', ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString(), /EC PRIVATE KEY/],
    ['PKCS#1 PEM', rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), /RSA PRIVATE KEY/],
    ['encrypted PKCS#8 PEM', rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }).toString(), /ENCRYPTED PRIVATE KEY/],
    ['a PEM private key cut short', ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().slice(0, 60), /PEM private key/],
    ['PKCS#8 DER bytes', new Uint8Array(k1.privateKey.export({ type: 'pkcs8', format: 'der' })), /PKCS#8 private key \(DER\)/],
    ['PKCS#8 base64 DER', b64(k1.privateKey.export({ type: 'pkcs8', format: 'der' })), /PKCS#8 private key \(DER\)/],
    ['encrypted PKCS#8 DER', new Uint8Array(ec.privateKey.export({ type: 'pkcs8', format: 'der', cipher: 'aes-128-cbc', passphrase: 'x' })), /encrypted PKCS#8/],
    ['SEC 1 base64 DER', b64(ec.privateKey.export({ type: 'sec1', format: 'der' })), /SEC 1 EC private key/],
    ['PKCS#1 base64 DER', b64(rsa.privateKey.export({ type: 'pkcs1', format: 'der' })), /PKCS#1 RSA private key/],
    ['PKCS#1 DER bytes', new Uint8Array(rsa.privateKey.export({ type: 'pkcs1', format: 'der' })), /PKCS#1 RSA private key/],
    ['EC JWK', JSON.stringify(ec.privateKey.export({ format: 'jwk' })), /JWK private key/],
    ['RSA JWK in a set', JSON.stringify({ keys: [rsa.privateKey.export({ format: 'jwk' })] }), /JWK private key/],
    ['symmetric JWK', JSON.stringify({ kty: 'oct', k: 'AAECAwQFBgcICQoLDA0ODw' }), /JWK private key/],
    ['hex scalar', `${'1f'.repeat(32)}\n`, /hex/],
    ['0x hex', `0x${'ab'.repeat(32)}`, /hex/],
    ['P-384 hex scalar', '2c'.repeat(48), /hex/],
    ['Ed25519 seed ‖ public key hex', '3d'.repeat(64), /hex/],
    ['WIF', WIF, /WIF/],
    ['xprv', XPRV, /BIP32/],
    ['PEM text as file bytes', new TextEncoder().encode(ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString()), /EC PRIVATE KEY/],
  ];
  for (const [name, input, kind] of privates) {
    it(`refuses ${name}`, () => expect(privateKeyKind(input)).toMatch(kind));
  }

  const publics: Array<[string, string | Uint8Array]> = [
    ['SPKI PEM (RSA)', rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()],
    ['PKCS#1 public PEM', rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString()],
    ['SPKI base64 DER', b64(rsa.publicKey.export({ type: 'spki', format: 'der' }))],
    ['PKCS#1 public base64 DER', b64(rsa.publicKey.export({ type: 'pkcs1', format: 'der' }))],
    ['SPKI DER bytes', new Uint8Array(rsa.publicKey.export({ type: 'spki', format: 'der' }))],
    ['EC SPKI PEM', ec.publicKey.export({ type: 'spki', format: 'pem' }).toString()],
    ['public JWK', JSON.stringify(rsa.publicKey.export({ format: 'jwk' }))],
    ['a certificate-like PEM', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'],
    ['empty text', '  \n'],
    ['a short hex string', 'deadbeef'],
    ['prose', 'node 2 wrapping key'],
  ];
  for (const [name, input] of publics) {
    it(`lets ${name} through`, () => expect(privateKeyKind(input)).toBeUndefined());
  }
});

describe('privateKeyRefusal', () => {
  it('names the input and what it is, and says the box was cleared', () => {
    const sentence = privateKeyRefusal(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'The pasted text');
    expect(sentence).toMatch(/^The pasted text is a PEM private key \(PRIVATE KEY\), and this box takes a public key only, so it was cleared at once\./);
  });

  it('says nothing for a public key', () => {
    expect(privateKeyRefusal(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'The pasted text')).toBeUndefined();
  });
});
