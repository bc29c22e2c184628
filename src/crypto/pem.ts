// PEM armour (RFC 7468): find the labelled blocks in pasted text and decode their base64.
// Several blocks may arrive together (`openssl ecparam -genkey` prints EC PARAMETERS
// before EC PRIVATE KEY); callers pick the label they understand.
import { astring } from './_guards.ts';
import { fromBase64, toBase64 } from './bytes.ts';
import { CryptoError } from './errors.ts';

export interface PemBlock {
  label: string;
  der: Uint8Array;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

export function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text);
}

export function decodePem(text: string, field = 'pem'): PemBlock[] {
  astring(text, field);
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const [, label, body, endLabel] = m as unknown as [string, string, string, string];
    if (label !== endLabel) {
      throw new CryptoError('invalid-encoding', `${field}: BEGIN ${label} is closed by END ${endLabel}`, { field });
    }
    if (/Proc-Type:\s*4,ENCRYPTED/i.test(body) || label === 'ENCRYPTED PRIVATE KEY') {
      throw new CryptoError(
        'unsupported-format',
        `${field}: the ${label} block is password-encrypted; decrypt it first (e.g. openssl pkey -in key.pem -out plain.pem)`,
        { field },
      );
    }
    if (/^[A-Za-z-]+:/m.test(body)) {
      throw new CryptoError('invalid-encoding', `${field}: the ${label} block carries RFC 1421 headers, which Keyferry does not accept`, { field });
    }
    blocks.push({ label, der: fromBase64(body, `${field} (${label})`) });
  }
  if (blocks.length === 0) {
    throw new CryptoError('invalid-encoding', `${field}: no complete -----BEGIN …----- / -----END …----- block found`, { field });
  }
  return blocks;
}

export function encodePem(label: string, der: Uint8Array): string {
  const b64 = toBase64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
