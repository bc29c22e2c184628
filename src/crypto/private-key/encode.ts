// Private key → text or bytes in the format an operator asks for. Leading zero bytes of
// the scalar are always kept (fixed-length fields everywhere).
import { toHex } from '../bytes.ts';
import { encodePem } from '../pem.ts';
import { encodeWif } from './bitcoin.ts';
import { encodeJwk } from './jwk.ts';
import { encodePkcs8 } from './pkcs8.ts';
import { encodeSec1 } from './sec1.ts';
import type { PrivateKey } from './types.ts';
import { CryptoError } from '../errors.ts';

export const PRIVATE_KEY_OUTPUT_FORMATS = ['pkcs8', 'sec1', 'jwk', 'hex', 'wif'] as const;
export type PrivateKeyOutputFormat = (typeof PRIVATE_KEY_OUTPUT_FORMATS)[number];

export interface EncodeOptions {
  network?: 'mainnet' | 'testnet';
  /** WIF only; default compressed. */
  compressed?: boolean;
}

/** Text form of a private key: PEM for pkcs8/sec1, JSON for jwk, hex of the scalar, WIF. */
export function encodePrivateKey(key: PrivateKey, format: PrivateKeyOutputFormat, options: EncodeOptions = {}): string {
  switch (format) {
    case 'pkcs8':
      return encodePem('PRIVATE KEY', encodePkcs8(key));
    case 'sec1':
      return encodePem('EC PRIVATE KEY', encodeSec1(key));
    case 'jwk':
      return `${JSON.stringify(encodeJwk(key), null, 2)}\n`;
    case 'hex':
      return `${toHex(key.scalar)}\n`;
    case 'wif':
      return `${encodeWif(key, options.network ?? key.network ?? 'mainnet', options.compressed ?? key.compressed ?? true)}\n`;
    default:
      throw new CryptoError('invalid-argument', `"format" must be one of ${PRIVATE_KEY_OUTPUT_FORMATS.join(', ')}, got "${String(format)}"`, { field: 'format' });
  }
}
