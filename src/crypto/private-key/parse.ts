// Private-key auto-detection. Each reader first decides whether the input has its shape;
// a reader that does not recognise the input says so with code 'unsupported-format'
// and the next is tried. If a reader recognises the input but finds it broken, that
// precise error wins. If none fits, the error lists every reader and why it passed.
import { fromHex } from '../bytes.ts';
import { getCurve, type CurveName } from '../curves.ts';
import { CryptoError, isCryptoError } from '../errors.ts';
import { asSequence, parseDer } from '../der.ts';
import { decodePem, looksLikePem } from '../pem.ts';
import { asciiText } from '../public-key.ts';
import { fromEd25519Seed, fromScalar, checkEmbeddedPublicKey } from './_build.ts';
import { looksLikeWif, looksLikeXprv, parseWif, parseXprv } from './bitcoin.ts';
import { parseJwk } from './jwk.ts';
import { parsePkcs8 } from './pkcs8.ts';
import { parseEcPrivateKey } from './sec1.ts';
import type { ParsePrivateKeyOptions, PrivateKey } from './types.ts';

type Reader = { name: string; read: (input: string | Uint8Array, options: ParsePrivateKeyOptions, field: string) => PrivateKey };

/** Errors that mean "this reader does not recognise the input"; anything else a reader throws is about input it recognised. */
const NOT_MINE = new WeakSet<CryptoError>();

/** True when no reader recognised the input at all (as opposed to recognising it and finding it broken). */
export function isUnrecognisedKey(e: unknown): boolean {
  return e instanceof CryptoError && NOT_MINE.has(e);
}

function notMine(field: string, why: string): never {
  const e = new CryptoError('unsupported-format', why, { field });
  NOT_MINE.add(e);
  throw e;
}

function text(input: string | Uint8Array, field: string, what: string): string {
  if (typeof input !== 'string') notMine(field, `binary input is not ${what}`);
  return input.trim();
}

/** Scalar or Ed25519 seed from bytes whose curve the input itself does not tell. */
function fromBareBytes(bytes: Uint8Array, options: ParsePrivateKeyOptions, field: string, binary: boolean): PrivateKey {
  const curveName: CurveName = options.curve ?? 'secp256k1';
  const curve = getCurve(curveName);
  if (curveName === 'Ed25519') {
    if (bytes.length === 64) {
      const key = fromEd25519Seed(bytes.slice(0, 32), binary ? 'raw' : 'ed25519-keypair-hex');
      return checkEmbeddedPublicKey(curve, key, bytes.slice(32), `${field} (second half, the public key)`);
    }
    if (bytes.length !== 32) notMine(field, `Ed25519 expects 32 bytes (seed or scalar) or 64 (seed ‖ public key), got ${bytes.length}`);
    if (options.ed25519Hex === 'scalar') return fromScalar('Ed25519', bytes.slice(), binary ? 'raw' : 'ed25519-scalar-hex');
    if (options.ed25519Hex === 'seed') return fromEd25519Seed(bytes.slice(), binary ? 'raw' : 'ed25519-seed-hex');
    // Any 32 bytes are a valid seed, so guessing would silently produce a different key.
    throw new CryptoError(
      'invalid-argument',
      'Ed25519: 32 bytes may be an RFC 8032 seed (what wallets hold) or a scalar (what Keyferry exports); say which',
      { field: 'ed25519Hex' },
    );
  }
  if (bytes.length !== curve.scalarBytes) {
    notMine(field, `a ${curveName} private key is ${curve.scalarBytes} bytes (${curve.scalarBytes * 2} hex digits), got ${bytes.length}; leading zeros must be kept`);
  }
  return fromScalar(curveName, bytes.slice(), binary ? 'raw' : 'hex');
}

/** Universal tag number of the second element of a DER SEQUENCE, if the bytes are one. */
function secondElementTag(bytes: Uint8Array, field: string): number | undefined {
  try {
    const second = asSequence(parseDer(bytes, field), field)[1];
    return second?.idBlock.tagClass === 1 ? second.idBlock.tagNumber : undefined;
  } catch {
    return undefined;
  }
}

const READERS: Reader[] = [
  {
    name: 'PEM (PRIVATE KEY / EC PRIVATE KEY)',
    read(input, _options, field) {
      const t = text(input, field, 'PEM');
      if (!looksLikePem(t)) notMine(field, 'no -----BEGIN line');
      const blocks = decodePem(t, field);
      const pkcs8 = blocks.find((b) => b.label === 'PRIVATE KEY');
      if (pkcs8) return parsePkcs8(pkcs8.der, 'pkcs8-pem', field);
      const sec1 = blocks.find((b) => b.label === 'EC PRIVATE KEY');
      if (sec1) return parseEcPrivateKey(sec1.der, 'sec1-pem', field);
      const labels = blocks.map((b) => b.label).join(', ');
      if (blocks.some((b) => /PUBLIC KEY/.test(b.label))) notMine(field, `PEM holds a public key (${labels}), not a private key`);
      throw new CryptoError('unsupported-format', `PEM label ${labels} is not PRIVATE KEY or EC PRIVATE KEY`, { field });
    },
  },
  {
    name: 'JWK',
    read(input, _options, field) {
      const t = text(input, field, 'JSON');
      if (!t.startsWith('{')) notMine(field, 'does not start with {');
      return parseJwk(t, field);
    },
  },
  {
    name: 'BIP32 xprv/tprv',
    read(input, _options, field) {
      const t = text(input, field, 'base58');
      if (!looksLikeXprv(t)) notMine(field, 'does not start with xprv/tprv followed by base58');
      return parseXprv(t, field);
    },
  },
  {
    name: 'WIF',
    read(input, _options, field) {
      const t = text(input, field, 'base58');
      if (!looksLikeWif(t)) notMine(field, 'not 51–52 base58 characters starting with 5, K, L, 9 or c');
      return parseWif(t, field);
    },
  },
  {
    name: 'hex',
    read(input, options, field) {
      const t = text(input, field, 'hex');
      if (!/^(0x)?[0-9a-fA-F]+$/.test(t)) notMine(field, 'contains characters other than hex digits');
      return fromBareBytes(fromHex(t, field), options, field, false);
    },
  },
  {
    name: 'DER (PKCS#8 or SEC1)',
    read(input, _options, field) {
      let bytes: Uint8Array;
      if (typeof input === 'string') {
        const t = input.replace(/\s+/g, '');
        if (!/^MI[A-Za-z0-9+/]+={0,2}$/.test(t)) notMine(field, 'not binary DER or one-line base64 DER');
        let binary: string;
        try {
          binary = atob(t);
        } catch {
          notMine(field, 'starts like base64 DER but is not valid base64');
        }
        bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      } else {
        bytes = input;
      }
      if (bytes[0] !== 0x30) notMine(field, 'does not start with a DER SEQUENCE');
      try {
        return parsePkcs8(bytes, 'pkcs8-der', field);
      } catch (pkcs8Error) {
        try {
          return parseEcPrivateKey(bytes, 'sec1-der', field);
        } catch (sec1Error) {
          // Report the reading the bytes have the shape of: SEC1's second element is an OCTET STRING.
          throw secondElementTag(bytes, field) === 4 ? sec1Error : pkcs8Error;
        }
      }
    },
  },
  {
    name: 'raw bytes',
    read(input, options, field) {
      if (typeof input === 'string') notMine(field, 'text, not raw bytes');
      return fromBareBytes(input, options, field, true);
    },
  },
];

const HEX_READER = READERS.find((r) => r.name === 'hex')!;
const BARE_HEX = /^\s*(0x)?([0-9a-fA-F]{64}|[0-9a-fA-F]{96})\s*$/;

/** Read a private key in any supported format; binary input that is plain text is read as text. */
export function parsePrivateKey(input: string | Uint8Array, options: ParsePrivateKeyOptions = {}, field = 'key'): PrivateKey {
  if (input instanceof Uint8Array) input = asciiText(input) ?? input;
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new CryptoError('invalid-argument', `"${field}" expected text or bytes`, { field });
  }
  if (options.curve !== undefined) getCurve(options.curve);
  // A bare scalar in hex (what a bulk manifest or the console's hex field holds) is read by
  // the hex reader directly: 64 or 96 digits are no other format's shape (WIF is 51–52
  // base58 characters, xprv 111), and the readers before it would each build a refusal.
  // Anything that goes wrong there is read again the long way, for the same sentence.
  if (typeof input === 'string' && BARE_HEX.test(input)) {
    try {
      return HEX_READER.read(input, options, field);
    } catch {
      // fall through
    }
  }
  const tried: string[] = [];
  let recognised: CryptoError | undefined;
  for (const reader of READERS) {
    try {
      return reader.read(input, options, field);
    } catch (e) {
      if (!isCryptoError(e)) throw e;
      tried.push(`${reader.name}: ${e.message}`);
      if (!NOT_MINE.has(e) && !recognised) recognised = e;
    }
  }
  if (recognised) {
    throw new CryptoError(recognised.code, recognised.message, { field: recognised.field ?? field, tried, cause: recognised });
  }
  const none = new CryptoError('unsupported-format', `${field}: not a private key in any supported format (tried ${tried.length} formats)`, { field, tried });
  NOT_MINE.add(none);
  throw none;
}
