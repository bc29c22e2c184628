// Bitcoin's key encodings, secp256k1 only: Wallet Import Format (base58check of
// 0x80/0xEF ‖ key ‖ optional 0x01 "compressed" flag) and BIP32 extended private keys
// (xprv/tprv: 78-byte base58check payload, BIP32 §Serialization format).
import { createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { abytes } from '../_guards.ts';
import { concatBytes } from '../bytes.ts';
import { CryptoError } from '../errors.ts';
import { fromScalar } from './_build.ts';
import type { PrivateKey } from './types.ts';

const base58check = createBase58check(sha256);

const WIF_VERSION = { mainnet: 0x80, testnet: 0xef } as const;
const XPRV_VERSION = { mainnet: 0x0488ade4, testnet: 0x04358394 } as const;

function decode58(text: string, field: string, what: string): Uint8Array {
  try {
    return base58check.decode(text.trim());
  } catch (cause) {
    throw new CryptoError('invalid-encoding', `${field}: not valid ${what} (base58check: ${(cause as Error).message})`, { field, cause });
  }
}

export function looksLikeWif(text: string): boolean {
  return /^[5KLc9][1-9A-HJ-NP-Za-km-z]{50,51}$/.test(text.trim());
}

export function parseWif(text: string, field = 'key'): PrivateKey {
  const data = decode58(text, field, 'WIF');
  const network = data[0] === WIF_VERSION.mainnet ? 'mainnet' : data[0] === WIF_VERSION.testnet ? 'testnet' : undefined;
  if (!network) throw new CryptoError('invalid-encoding', `${field}: WIF version byte 0x${data[0]?.toString(16)} is neither mainnet (0x80) nor testnet (0xef)`, { field });
  let compressed: boolean;
  if (data.length === 33) compressed = false;
  else if (data.length === 34 && data[33] === 0x01) compressed = true;
  else throw new CryptoError('invalid-encoding', `${field}: WIF payload has the wrong length or compression flag`, { field });
  return fromScalar('secp256k1', data.slice(1, 33), 'wif', { network, compressed });
}

export function encodeWif(key: PrivateKey, network: 'mainnet' | 'testnet' = 'mainnet', compressed = true): string {
  if (key.curve !== 'secp256k1') {
    throw new CryptoError('unsupported-format', `WIF holds secp256k1 keys only; this key is ${key.curve}`, { field: 'format' });
  }
  abytes(key.scalar, 'scalar', 32);
  const body = concatBytes(Uint8Array.of(WIF_VERSION[network]), key.scalar, compressed ? Uint8Array.of(1) : new Uint8Array(0));
  return base58check.encode(body);
}

export function looksLikeXprv(text: string): boolean {
  // xpub/tpub match too, so the reader can say why a public extended key is refused.
  return /^[xt](prv|pub)[1-9A-HJ-NP-Za-km-z]{100,112}$/.test(text.trim());
}

export function parseXprv(text: string, field = 'key'): PrivateKey {
  const data = decode58(text, field, 'BIP32 extended key');
  if (data.length !== 78) throw new CryptoError('invalid-encoding', `${field}: BIP32 payload must be 78 bytes, got ${data.length}`, { field });
  const version = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  const network = version === XPRV_VERSION.mainnet ? 'mainnet' : version === XPRV_VERSION.testnet ? 'testnet' : undefined;
  if (!network) {
    throw new CryptoError('unsupported-format', `${field}: BIP32 version 0x${version.toString(16)} is not xprv or tprv (public xpub keys carry no private key)`, { field });
  }
  if (data[45] !== 0) throw new CryptoError('invalid-encoding', `${field}: BIP32 private key must be prefixed with 0x00`, { field });
  const chainCode = data.slice(13, 45);
  return fromScalar('secp256k1', data.slice(46, 78), 'xprv', { network, chainCode });
}
