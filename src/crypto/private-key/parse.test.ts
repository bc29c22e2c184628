// Private-key reading: BIP32 and WIF published vectors, every format from node:crypto's
// own exports, and each refusal (encrypted PEM, mismatched embedded public keys, bad
// checksums, public-only keys, wrong lengths) with the code and field it promises.
import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { getCurve } from '../curves.ts';
import { encodePem } from '../pem.ts';
import { encodeSpki } from '../public-key.ts';
import { hex, int, octets, oid, replaceBytes, seq, tlv, toHexString } from '../test-support/der.ts';
import { expectCryptoError } from '../test-support/expect-error.ts';
import { parseWif, parseXprv } from './bitcoin.ts';
import { parsePrivateKey } from './parse.ts';

const base58check = createBase58check(sha256);

const BIP32_TV1_MASTER =
  'xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi';
const BIP32_TV1_MASTER_PUB =
  'xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8';
const BIP32_TV1_KEY = 'e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35';
const BIP32_TV1_CHAIN = '873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508';

const ecPair = (namedCurve: string) => generateKeyPairSync('ec', { namedCurve });
const der = (key: KeyObject, type: 'pkcs8' | 'sec1') => new Uint8Array(key.export({ type, format: 'der' } as never) as Buffer);
const pem = (key: KeyObject, type: 'pkcs8' | 'sec1') => key.export({ type, format: 'pem' } as never).toString();
const spkiOf = (key: KeyObject) => new Uint8Array(key.export({ type: 'spki', format: 'der' }));

describe('BIP32 test vector 1, master key', () => {
  it('the published private key and chain code are HMAC-SHA512("Bitcoin seed", 000102…0f) (vector self-check)', () => {
    const i = createHmac('sha512', 'Bitcoin seed').update(hex('000102030405060708090a0b0c0d0e0f')).digest('hex');
    expect(i).toBe(BIP32_TV1_KEY + BIP32_TV1_CHAIN);
  });

  it('parsePrivateKey reads the xprv to that key and chain code, on mainnet', () => {
    const key = parsePrivateKey(BIP32_TV1_MASTER);
    expect(key).toMatchObject({ curve: 'secp256k1', format: 'xprv', network: 'mainnet' });
    expect(toHexString(key.scalar)).toBe(BIP32_TV1_KEY);
    expect(toHexString(key.chainCode!)).toBe(BIP32_TV1_CHAIN);
  });

  it('the same payload under the tprv version reads as testnet', () => {
    const payload = base58check.decode(BIP32_TV1_MASTER);
    payload.set([0x04, 0x35, 0x83, 0x94], 0);
    const tprv = base58check.encode(payload);
    expect(tprv.startsWith('tprv')).toBe(true);
    const key = parsePrivateKey(`  ${tprv}\n`);
    expect(key.network).toBe('testnet');
    expect(toHexString(key.scalar)).toBe(BIP32_TV1_KEY);
  });

  it('an xpub is refused: it carries no private key', () => {
    const e = expectCryptoError(() => parsePrivateKey(BIP32_TV1_MASTER_PUB), 'unsupported-format', { field: 'key' });
    expect(e.tried?.length).toBeGreaterThan(3);
    expectCryptoError(() => parseXprv(BIP32_TV1_MASTER_PUB), 'unsupported-format', { message: /xpub keys carry no private key/ });
  });

  it('refuses a bad checksum, a wrong key prefix, and a key ≥ n', () => {
    const last = BIP32_TV1_MASTER.at(-1) === 'i' ? 'j' : 'i';
    expectCryptoError(() => parsePrivateKey(BIP32_TV1_MASTER.slice(0, -1) + last), 'invalid-encoding', { message: /base58check/ });
    const payload = base58check.decode(BIP32_TV1_MASTER);
    const prefixed = payload.slice();
    prefixed[45] = 1;
    expectCryptoError(() => parsePrivateKey(base58check.encode(prefixed)), 'invalid-encoding', { message: /0x00/ });
    const tooBig = payload.slice();
    tooBig.fill(0xff, 46);
    expectCryptoError(() => parsePrivateKey(base58check.encode(tooBig)), 'invalid-scalar');
  });
});

describe('WIF', () => {
  // The Bitcoin wiki's "Wallet import format" example key.
  const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';

  it('reads the published uncompressed and compressed mainnet WIFs of one key', () => {
    const u = parsePrivateKey('5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ');
    expect(u).toMatchObject({ format: 'wif', network: 'mainnet', compressed: false, curve: 'secp256k1' });
    expect(toHexString(u.scalar)).toBe(KEY);
    const c = parsePrivateKey('KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617');
    expect(c).toMatchObject({ format: 'wif', network: 'mainnet', compressed: true });
    expect(toHexString(c.scalar)).toBe(KEY);
  });

  it('refuses a bad checksum, an unknown version byte and a bad compression flag', () => {
    expectCryptoError(() => parsePrivateKey('5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTK'), 'invalid-encoding', { field: 'key', message: /WIF/ });
    expectCryptoError(() => parseWif(base58check.encode(Uint8Array.of(0x81, ...hex(KEY)))), 'invalid-encoding', { message: /version byte 0x81/ });
    expectCryptoError(() => parseWif(base58check.encode(Uint8Array.of(0x80, ...hex(KEY), 0x02))), 'invalid-encoding', { message: /compression flag/ });
    expectCryptoError(() => parseWif(base58check.encode(Uint8Array.of(0x80, ...hex(KEY).subarray(1)))), 'invalid-encoding');
    expectCryptoError(() => parseWif(base58check.encode(Uint8Array.of(0x80, ...new Uint8Array(32)))), 'invalid-scalar');
  });
});

describe('hex and raw scalars', () => {
  const scalar = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';

  it('reads 64 hex digits as secp256k1 by default, with or without 0x, and the curve option', () => {
    expect(parsePrivateKey(scalar)).toMatchObject({ curve: 'secp256k1', format: 'hex' });
    expect(toHexString(parsePrivateKey(`0x${scalar.toUpperCase()}\n`).scalar)).toBe(scalar);
    expect(parsePrivateKey(scalar, { curve: 'P-256' }).curve).toBe('P-256');
    expect(parsePrivateKey('00'.repeat(47) + '07', { curve: 'P-384' }).scalar).toHaveLength(48);
  });

  it('reads raw binary scalars', () => {
    const raw = hex(scalar);
    raw[0] = 0x80; // not printable ASCII, so it stays binary
    expect(parsePrivateKey(raw, { curve: 'P-256' })).toMatchObject({ curve: 'P-256', format: 'raw' });
  });

  it('refuses hex of the wrong length (31 bytes), saying leading zeros must be kept', () => {
    const e = expectCryptoError(() => parsePrivateKey(scalar.slice(2)), 'unsupported-format', { field: 'key' });
    expect(e.tried?.join('\n')).toMatch(/32 bytes \(64 hex digits\), got 31; leading zeros must be kept/);
    expectCryptoError(() => parsePrivateKey(`${scalar}0`), 'invalid-encoding', { message: /odd number of hex digits/ });
    expectCryptoError(() => parsePrivateKey(scalar, { curve: 'P-384' }), 'unsupported-format');
  });

  it('refuses scalar 0 and scalars ≥ n', () => {
    expectCryptoError(() => parsePrivateKey('00'.repeat(32)), 'invalid-scalar');
    expectCryptoError(() => parsePrivateKey('ff'.repeat(32), { curve: 'P-256' }), 'invalid-scalar');
  });

  it('a bare hex scalar that is refused (0, or the wrong length for the curve asked) is refused as any input is: every reader tried, the hex reader’s sentence', () => {
    const zero = expectCryptoError(() => parsePrivateKey(`0x${'00'.repeat(32)}`), 'invalid-scalar');
    expect(zero.tried).toHaveLength(7);
    const short = expectCryptoError(() => parsePrivateKey(scalar, { curve: 'P-384' }), 'unsupported-format', { field: 'key' });
    expect(short.tried).toHaveLength(7);
    expect(short.tried!.join('\n')).toMatch(/P-384 private key is 48 bytes \(96 hex digits\), got 32/);
  });

  it('Ed25519: 32 bytes must say seed or scalar; 64 bytes are seed ‖ public key, checked', () => {
    const seed = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const pub = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
    expectCryptoError(() => parsePrivateKey(toHexString(seed), { curve: 'Ed25519' }), 'invalid-argument', { field: 'ed25519Hex' });
    const fromSeed = parsePrivateKey(toHexString(seed), { curve: 'Ed25519', ed25519Hex: 'seed' });
    expect(fromSeed).toMatchObject({ format: 'ed25519-seed-hex', seed });
    expect(toHexString(fromSeed.publicKey)).toBe(pub);
    const fromScalar = parsePrivateKey(toHexString(fromSeed.scalar), { curve: 'Ed25519', ed25519Hex: 'scalar' });
    expect(fromScalar.format).toBe('ed25519-scalar-hex');
    expect(fromScalar.seed).toBeUndefined();
    expect(toHexString(fromScalar.publicKey)).toBe(pub);
    const pair = parsePrivateKey(toHexString(seed) + pub, { curve: 'Ed25519' });
    expect(pair).toMatchObject({ format: 'ed25519-keypair-hex' });
    expect(pair.scalar).toEqual(fromSeed.scalar);
    // RFC 8032 §7.1 TEST 2's public key: a valid point, but not this seed's.
    const wrongPub = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c';
    expectCryptoError(() => parsePrivateKey(toHexString(seed) + wrongPub, { curve: 'Ed25519' }), 'verification-failed', { message: /does not belong/ });
    expectCryptoError(() => parsePrivateKey('00'.repeat(32), { curve: 'Ed25519', ed25519Hex: 'scalar' }), 'invalid-scalar');
  });
});

describe('PKCS#8 and SEC1 from node:crypto', () => {
  it.each([
    ['secp256k1', 'secp256k1'],
    ['prime256v1', 'P-256'],
    ['secp384r1', 'P-384'],
  ] as const)('%s: PKCS#8 PEM/DER, SEC1 PEM/DER and one-line base64 DER give node’s public key', (nodeName, curve) => {
    const { privateKey, publicKey } = ecPair(nodeName);
    const expected = spkiOf(publicKey);
    const inputs: [string | Uint8Array, string][] = [
      [pem(privateKey, 'pkcs8'), 'pkcs8-pem'],
      [der(privateKey, 'pkcs8'), 'pkcs8-der'],
      [pem(privateKey, 'sec1'), 'sec1-pem'],
      [der(privateKey, 'sec1'), 'sec1-der'],
      [Buffer.from(der(privateKey, 'pkcs8')).toString('base64'), 'pkcs8-der'],
      [new TextEncoder().encode(pem(privateKey, 'sec1')), 'sec1-pem'],
    ];
    for (const [input, format] of inputs) {
      const key = parsePrivateKey(input);
      expect(key.curve).toBe(curve);
      expect(key.format).toBe(format);
      expect(encodeSpki(getCurve(curve), key.publicKey)).toEqual(expected);
    }
    const jwk = privateKey.export({ format: 'jwk' });
    expect(Buffer.from(parsePrivateKey(pem(privateKey, 'pkcs8')).scalar).toString('base64url')).toBe(jwk.d);
  });

  it.each([
    ['secp256k1', 'secp256k1'],
    ['prime256v1', 'P-256'],
    ['secp384r1', 'P-384'],
  ] as const)('%s: the canonical PKCS#8 (read without the DER walk) gives the key the general reader gives for the same key in another layout', (nodeName, curve) => {
    const { privateKey } = ecPair(nodeName);
    const canonical = der(privateKey, 'pkcs8');
    const fast = parsePrivateKey(canonical);
    const c = getCurve(curve);
    // The same key without the embedded public key, and as version 1: not the canonical bytes, so the general reader.
    const scalar = fast.scalar;
    const algorithm = seq(oid('1.2.840.10045.2.1'), oid(c.curveOid!));
    const bare = seq(int(0), algorithm, octets(seq(int(1), octets(scalar))));
    const general = parsePrivateKey(bare);
    expect(general.scalar).toEqual(fast.scalar);
    expect(general.publicKey).toEqual(fast.publicKey);
    expect(fast.format).toBe('pkcs8-der');
    expect(Buffer.from(fast.scalar).toString('base64url')).toBe(privateKey.export({ format: 'jwk' }).d);
  });

  it('a canonical-looking PKCS#8 with a bad version, a scalar of 0 or ≥ n, or a scalar of another key than its public key is refused as the general reader refuses it', () => {
    const { privateKey } = ecPair('secp256k1');
    const canonical = der(privateKey, 'pkcs8');
    const scalar = parsePrivateKey(canonical).scalar;
    const at = Buffer.from(canonical).indexOf(Buffer.from(scalar));
    const withScalar = (bytes: Uint8Array) => {
      const out = canonical.slice();
      out.set(bytes, at);
      return out;
    };
    const version = canonical.slice();
    version[5] = 2; // 30 81 84 02 01 <version>
    expectCryptoError(() => parsePrivateKey(version), 'invalid-encoding', { message: /PKCS#8 version 2 is unknown/ });
    expectCryptoError(() => parsePrivateKey(withScalar(new Uint8Array(32))), 'invalid-scalar');
    const order = Buffer.from(getCurve('secp256k1').order.toString(16).padStart(64, '0'), 'hex');
    expectCryptoError(() => parsePrivateKey(withScalar(new Uint8Array(order))), 'invalid-scalar');
    const other = scalar.slice();
    other[31]! ^= 1;
    expectCryptoError(() => parsePrivateKey(withScalar(other)), 'verification-failed', { field: 'key.ecPrivateKey.publicKey', message: /does not belong to its private key/ });
  });

  it('reads `openssl ecparam -genkey` style output (EC PARAMETERS block before the key)', () => {
    const { privateKey } = ecPair('prime256v1');
    const text = `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${pem(privateKey, 'sec1')}`;
    expect(parsePrivateKey(text).format).toBe('sec1-pem');
  });

  it('Ed25519 PKCS#8 from node, and a PKCS#8 v2 (RFC 5958) with a matching or mismatching public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = parsePrivateKey(pem(privateKey, 'pkcs8'));
    expect(key).toMatchObject({ curve: 'Ed25519', format: 'pkcs8-pem' });
    expect(encodeSpki(getCurve('Ed25519'), key.publicKey)).toEqual(spkiOf(publicKey));
    const v2 = (pub: Uint8Array) => seq(int(1), seq(oid('1.3.101.112')), octets(octets(key.seed!)), tlv(0x81, Uint8Array.of(0, ...pub)));
    expect(parsePrivateKey(v2(key.publicKey)).scalar).toEqual(key.scalar);
    const other = parsePrivateKey(pem(generateKeyPairSync('ed25519').privateKey, 'pkcs8'));
    expectCryptoError(() => parsePrivateKey(v2(other.publicKey)), 'verification-failed', { field: 'key.publicKey', message: /does not belong/ });
  });

  it('refuses an EC PKCS#8 whose embedded public key belongs to another key', () => {
    const a = ecPair('prime256v1');
    const b = ecPair('prime256v1');
    const aPoint = spkiOf(a.publicKey).subarray(-65);
    const bPoint = spkiOf(b.publicKey).subarray(-65);
    const swapped = replaceBytes(der(a.privateKey, 'pkcs8'), aPoint, bPoint);
    expectCryptoError(() => parsePrivateKey(swapped), 'verification-failed', { message: /does not belong to its private key/ });
    expectCryptoError(() => parsePrivateKey(replaceBytes(der(a.privateKey, 'sec1'), aPoint, bPoint)), 'verification-failed', { field: 'key.publicKey' });
    expectCryptoError(() => parsePrivateKey(encodePem('EC PRIVATE KEY', replaceBytes(der(a.privateKey, 'sec1'), aPoint, bPoint))), 'verification-failed');
    const offCurve = aPoint.slice();
    offCurve[64]! ^= 1;
    expectCryptoError(() => parsePrivateKey(replaceBytes(der(a.privateKey, 'pkcs8'), aPoint, offCurve)), 'invalid-point');
  });

  it('refuses encrypted PEM (PKCS#8 and legacy Proc-Type) with the hint to decrypt first', () => {
    const { privateKey } = ecPair('prime256v1');
    const encrypted = [
      privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString(),
      privateKey.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString(),
    ];
    expect(encrypted[0]).toContain('ENCRYPTED PRIVATE KEY');
    expect(encrypted[1]).toContain('Proc-Type: 4,ENCRYPTED');
    for (const text of encrypted) {
      expectCryptoError(() => parsePrivateKey(text), 'unsupported-format', { field: 'key', message: /password-encrypted; decrypt it first \(e\.g\. openssl pkey/ });
    }
  });

  it('refuses public keys, RSA private keys, unknown curves and SEC1 without a curve', () => {
    const { privateKey, publicKey } = ecPair('prime256v1');
    expectCryptoError(() => parsePrivateKey(publicKey.export({ type: 'spki', format: 'pem' }).toString()), 'unsupported-format', { message: /not a private key/ });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expectCryptoError(() => parsePrivateKey(pem(rsa, 'pkcs8')), 'unsupported-algorithm', { message: /1\.2\.840\.113549\.1\.1\.1 \(an RSA key\) is not EC or Ed25519/ });
    expectCryptoError(() => parsePrivateKey(rsa.export({ type: 'pkcs1', format: 'pem' }).toString()), 'unsupported-format', { message: /RSA PRIVATE KEY/ });
    const p521 = ecPair('secp521r1').privateKey;
    expectCryptoError(() => parsePrivateKey(pem(p521, 'pkcs8')), 'unsupported-algorithm', { message: /1\.3\.132\.0\.35/ });
    expectCryptoError(() => parsePrivateKey(pem(p521, 'sec1')), 'unsupported-algorithm', { message: /1\.3\.132\.0\.35/ });
    const d = hex(toHexString(Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url')));
    expectCryptoError(() => parsePrivateKey(encodePem('EC PRIVATE KEY', seq(int(1), octets(d)))), 'invalid-encoding', { message: /names no curve/ });
    // SEC1 inside PKCS#8 naming a different curve than the outer algorithm identifier
    const inner = seq(int(1), octets(d), tlv(0xa0, oid('1.3.132.0.10')));
    const p8 = seq(int(0), seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), octets(inner));
    expectCryptoError(() => parsePrivateKey(p8), 'invalid-encoding', { message: /contradicts/ });
    // The same structure with agreeing curves parses (so the refusal above is for the contradiction).
    const agreeing = seq(int(0), seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), octets(seq(int(1), octets(d), tlv(0xa0, oid('1.2.840.10045.3.1.7')))));
    expect(parsePrivateKey(agreeing).curve).toBe('P-256');
  });
});

describe('JWK', () => {
  const jwkText = (o: object) => JSON.stringify(o);

  it('reads node’s EC and OKP JWKs, with and without the public members', () => {
    for (const nodeName of ['secp256k1', 'prime256v1', 'secp384r1']) {
      const { privateKey, publicKey } = ecPair(nodeName);
      const jwk = privateKey.export({ format: 'jwk' });
      const key = parsePrivateKey(jwkText(jwk));
      expect(key.format).toBe('jwk');
      expect(encodeSpki(getCurve(key.curve), key.publicKey)).toEqual(spkiOf(publicKey));
      expect(parsePrivateKey(jwkText({ kty: 'EC', crv: jwk.crv, d: jwk.d })).scalar).toEqual(key.scalar);
    }
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = parsePrivateKey(jwkText(privateKey.export({ format: 'jwk' })));
    expect(encodeSpki(getCurve('Ed25519'), key.publicKey)).toEqual(spkiOf(publicKey));
  });

  it('refuses x/y of another key (verification-failed) and x/y off the curve (invalid-point)', () => {
    const a = ecPair('prime256v1').privateKey.export({ format: 'jwk' });
    const b = ecPair('prime256v1').privateKey.export({ format: 'jwk' });
    expectCryptoError(() => parsePrivateKey(jwkText({ ...a, x: b.x, y: b.y })), 'verification-failed', { field: 'key.x/y' });
    const y = Buffer.from(a.y!, 'base64url');
    y[31]! ^= 1;
    expectCryptoError(() => parsePrivateKey(jwkText({ ...a, y: y.toString('base64url') })), 'invalid-point');
    expectCryptoError(() => parsePrivateKey(jwkText({ ...a, y: undefined })), 'invalid-encoding', { field: 'key.y' });
    const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const ed2 = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    expectCryptoError(() => parsePrivateKey(jwkText({ ...ed, x: ed2.x })), 'verification-failed', { field: 'key.x' });
  });

  it('refuses wrong d lengths, unknown curves and key types, and non-JWK JSON', () => {
    const a = ecPair('prime256v1').privateKey.export({ format: 'jwk' });
    const short = Buffer.from(a.d!, 'base64url').subarray(1).toString('base64url');
    expectCryptoError(() => parsePrivateKey(jwkText({ kty: 'EC', crv: 'P-256', d: short })), 'invalid-encoding', { field: 'key.d', message: /32 bytes/ });
    expectCryptoError(() => parsePrivateKey(jwkText({ kty: 'EC', crv: 'P-521', d: a.d })), 'unsupported-algorithm', { field: 'key.crv' });
    expectCryptoError(() => parsePrivateKey(jwkText({ kty: 'EC', crv: 'constructor', d: a.d })), 'unsupported-algorithm', { field: 'key.crv' });
    expectCryptoError(() => parsePrivateKey(jwkText({ kty: 'OKP', crv: 'X25519', d: a.d })), 'unsupported-algorithm', { field: 'key.crv' });
    expectCryptoError(() => parsePrivateKey(jwkText({ kty: 'OKP', crv: 'Ed25519', d: short })), 'invalid-encoding', { field: 'key.d' });
    expectCryptoError(() => parsePrivateKey(jwkText({ kty: 'RSA', n: 'AQAB', e: 'AQAB', d: 'AQAB' })), 'unsupported-algorithm', { field: 'key.kty' });
    expectCryptoError(() => parsePrivateKey(jwkText({ kty: 'EC', crv: 'P-256' })), 'invalid-encoding', { field: 'key.d' });
    expectCryptoError(() => parsePrivateKey(jwkText({ kty: 'EC', crv: 'P-256', d: 'not base64url!' })), 'invalid-encoding', { field: 'key.d' });
    expectCryptoError(() => parsePrivateKey('{"hello": 1}'), 'unsupported-format', { message: /kty/ });
    expectCryptoError(() => parsePrivateKey('{not json'), 'unsupported-format', { message: /not JSON/ });
  });
});

describe('auto-detection errors', () => {
  it('names every format tried when nothing fits, and the field given', () => {
    const e = expectCryptoError(() => parsePrivateKey('hello, world', {}, 'sourceKey'), 'unsupported-format', { field: 'sourceKey' });
    expect(e.tried).toHaveLength(7);
    expect(e.tried!.join('\n')).toMatch(/PEM[\s\S]*JWK[\s\S]*xprv[\s\S]*WIF[\s\S]*hex[\s\S]*DER[\s\S]*raw/);
  });

  it('text that starts like base64 DER but is not base64 is refused as a CryptoError', () => {
    for (const text of ['MIAAA', 'MI=', 'MIAB=A']) expectCryptoError(() => parsePrivateKey(text), 'unsupported-format');
  });

  it('refuses an unknown curve option', () => {
    expectCryptoError(() => parsePrivateKey('01'.repeat(32), { curve: 'P-521' as never }), 'unsupported-algorithm', { field: 'curve' });
  });
});
