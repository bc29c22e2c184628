// A box that takes a PUBLIC key (a whitelist entry, an export's target wrapping keys, a
// KMS's wrapping key) must never hold a private key: pasted there by mistake, the secret
// would stay on screen. This tells, with the crypto core's readers, whether an input is a
// private key, and says so in a sentence; the box then clears itself at once. Plain .ts so
// that components reach the core only through modules like this one.
import { fromBase64 } from '../../crypto/bytes.ts';
import { asSequence, parseDer } from '../../crypto/der.ts';
import { decodePem, looksLikePem } from '../../crypto/pem.ts';
import { looksLikeWif, looksLikeXprv, parseWif, parseXprv } from '../../crypto/private-key/bitcoin.ts';
import { parsePrivateKey } from '../../crypto/private-key/parse.ts';
import { asciiText } from '../../crypto/public-key.ts';

/** What kind of private key an input is, in words; undefined when it is not one. */
export function privateKeyKind(input: string | Uint8Array): string | undefined {
  const text = typeof input === 'string' ? input : asciiText(input);
  if (text !== undefined) {
    const t = text.trim();
    if (t === '') return undefined;
    const pem = pemPrivateKind(t);
    if (pem !== undefined) return pem;
    if (t.startsWith('{')) return jwkPrivateKind(t);
    if (looksLikeXprv(t) && reads(() => parseXprv(t))) return 'a BIP32 extended private key (xprv/tprv)';
    if (looksLikeWif(t) && reads(() => parseWif(t))) return 'a WIF private key';
    // 32, 48 or 64 bytes of bare hex: an EC scalar, an Ed25519 seed or seed ‖ public key.
    // No public key a public-key box takes (RSA) is written that way.
    if (/^(0x)?([0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$/.test(t)) return 'a private key in hex';
    const der = base64Der(t);
    return der === undefined ? undefined : derPrivateKind(der);
  }
  return derPrivateKind(input as Uint8Array);
}

/**
 * The refusal for a public-key box, or undefined when the input is not a private key.
 * @param source names the input, e.g. `The pasted text` or `File "node2.pem"`
 */
export function privateKeyRefusal(input: string | Uint8Array, source: string): string | undefined {
  const kind = privateKeyKind(input);
  if (kind === undefined) return undefined;
  return `${source} is ${kind}, and this box takes a public key only, so it was cleared at once. Paste the public half instead (for example the output of openssl pkey -pubout); if the private key was meant to stay secret, keep it out of other boxes too.`;
}

function reads(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
}

/** Any PEM block labelled …PRIVATE KEY (PKCS#8, EC, RSA, encrypted, OpenSSH), even if broken. */
function pemPrivateKind(t: string): string | undefined {
  if (!looksLikePem(t)) return undefined;
  let labels: string[];
  try {
    labels = decodePem(t).map((b) => b.label);
  } catch {
    // A PEM the core cannot decode still shows its label on the BEGIN line.
    labels = Array.from(t.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g), (m) => m[1]!);
  }
  const label = labels.find((l) => /PRIVATE KEY/.test(l));
  return label === undefined ? undefined : `a PEM private key (${label})`;
}

/** A JWK (or JWK set) with a private member: "d" (EC, OKP, RSA) or "k" (a symmetric key). */
function jwkPrivateKind(t: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(t);
  } catch {
    // Not JSON the browser reads; the core may still read it as a JWK private key.
    return reads(() => parsePrivateKey(t)) ? 'a JWK private key' : undefined;
  }
  const keys = isObject(json) && Array.isArray(json['keys']) ? (json['keys'] as unknown[]) : [json];
  return keys.some((k) => isObject(k) && (typeof k['d'] === 'string' || typeof k['k'] === 'string')) ? 'a JWK private key (it has a "d" or "k" member)' : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One-line (or wrapped) base64 of a DER SEQUENCE, as node configs and consoles paste them. */
function base64Der(t: string): Uint8Array | undefined {
  const compact = t.replace(/\s+/g, '');
  // A DER SEQUENCE (0x30) always starts with M in base64.
  if (!/^M[A-Za-z0-9+/]{15,}={0,2}$/.test(compact)) return undefined;
  try {
    return fromBase64(compact);
  } catch {
    return undefined;
  }
}

/**
 * DER private keys by structure, parsed by the core's DER reader:
 * PKCS#8 PrivateKeyInfo SEQUENCE { INTEGER version, SEQUENCE algorithm, OCTET STRING key, … },
 * EncryptedPrivateKeyInfo SEQUENCE { SEQUENCE algorithm, OCTET STRING data } (an SPKI has a BIT STRING there),
 * SEC 1 ECPrivateKey SEQUENCE { INTEGER 1, OCTET STRING key, … },
 * PKCS#1 RSAPrivateKey SEQUENCE { INTEGER version, n, e, d, p, q, dp, dq, qinv }.
 */
function derPrivateKind(bytes: Uint8Array): string | undefined {
  if (bytes[0] !== 0x30) return undefined;
  let items: ReturnType<typeof asSequence>;
  try {
    items = asSequence(parseDer(bytes, 'key'), 'key');
  } catch {
    return undefined;
  }
  const universal = (i: number) => (items[i]?.idBlock.tagClass === 1 ? items[i]!.idBlock.tagNumber : undefined);
  const INTEGER = 2;
  const OCTET_STRING = 4;
  const SEQUENCE = 16;
  if (universal(0) === INTEGER && universal(1) === SEQUENCE && universal(2) === OCTET_STRING) return 'a PKCS#8 private key (DER)';
  if (items.length === 2 && universal(0) === SEQUENCE && universal(1) === OCTET_STRING) return 'an encrypted PKCS#8 private key (DER)';
  if (universal(0) === INTEGER && universal(1) === OCTET_STRING) return 'a SEC 1 EC private key (DER)';
  if (items.length >= 9 && items.slice(0, 9).every((_, i) => universal(i) === INTEGER)) return 'a PKCS#1 RSA private key (DER)';
  return undefined;
}
