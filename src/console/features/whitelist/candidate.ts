// A key an operator offers for a whitelist — pasted, dropped as a file, or picked from a
// node or this browser — checked by the crypto core before it may join a draft. Refusals
// say what the input was and why: the core's sentence, prefixed with the input's name.
import { toBase64 } from '../../../crypto/bytes.ts';
import { isCryptoError } from '../../../crypto/errors.ts';
import { looksLikePem } from '../../../crypto/pem.ts';
import { fingerprint, parsePublicKey, parseWrappingKey, type PublicKeyFormat } from '../../../crypto/public-key.ts';
import type { Entry } from './draft.ts';

export type CandidateResult = { ok: true; entry: Entry; format: string } | { ok: false; message: string };

const FORMAT_NAMES: Record<PublicKeyFormat, string> = {
  'spki-pem': 'PEM SubjectPublicKeyInfo',
  'pkcs1-pem': 'PEM PKCS#1 RSA public key (stored as SPKI)',
  'spki-der': 'DER SubjectPublicKeyInfo',
  'pkcs1-der': 'DER PKCS#1 RSA public key (stored as SPKI)',
  'spki-base64': 'base64 DER SubjectPublicKeyInfo',
  'pkcs1-base64': 'base64 DER PKCS#1 RSA public key (stored as SPKI)',
};

/**
 * @param input pasted text, or a file's bytes
 * @param source names the input in errors, e.g. `The pasted text` or `File "node2.pem"`
 */
export function readCandidate(input: string | Uint8Array, source: string): CandidateResult {
  if (typeof input === 'string' && input.trim() === '') return { ok: false, message: `${source} is empty. Paste an RSA public key.` };
  if (typeof input === 'string' && looksLikePem(input) && /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(input)) {
    return {
      ok: false,
      message: `${source} is a PEM private key. A whitelist holds public keys only; export the public half (openssl pkey -pubout) and never paste private keys here.`,
    };
  }
  try {
    const { format } = parsePublicKey(input, source);
    const key = parseWrappingKey(input, source);
    return { ok: true, entry: { key: toBase64(key.der), fingerprint: fingerprint(key.der), rsaBits: key.bits }, format: FORMAT_NAMES[format] };
  } catch (error) {
    if (!isCryptoError(error)) throw error;
    return { ok: false, message: `${capitalise(error.message)}.` };
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
