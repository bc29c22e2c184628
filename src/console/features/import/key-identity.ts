// How the wizard names a key before anything leaves the page: the SPKI fingerprint in
// groups of four (easy to read aloud and compare), and for secp256k1 the Ethereum-style
// address wallet operators recognise (EIP-55 checksummed: Keccak-256 of the uncompressed
// point without its 0x04 prefix, last 20 bytes).
import { keccak_256 } from '@noble/hashes/sha3.js';
import { fromBase64, toHex } from '../../../crypto/bytes.ts';
import { parseSpki } from '../../../crypto/public-key.ts';

export function groupedFingerprint(fingerprint: string): string {
  return (fingerprint.match(/.{1,4}/g) ?? []).join(' ');
}

/** For a secp256k1 SPKI (base64 DER); undefined for other curves. */
export function ethereumAddress(spkiBase64: string): string | undefined {
  const key = parseSpki(fromBase64(spkiBase64, 'publicKey'), 'publicKey');
  if (key.algorithm !== 'EC' || key.curve !== 'secp256k1') return undefined;
  const hex = toHex(keccak_256(key.point.subarray(1)).subarray(12));
  const check = toHex(keccak_256(new TextEncoder().encode(hex)));
  return `0x${[...hex].map((c, i) => (parseInt(check[i]!, 16) >= 8 ? c.toUpperCase() : c)).join('')}`;
}

export type PinCheck = { state: 'none' } | { state: 'invalid'; message: string } | { state: 'match' } | { state: 'mismatch'; message: string };

/**
 * An operator's expected fingerprint for a node, compared with what the node reports.
 * Spaces and colons are ignored and case does not matter, so a fingerprint read aloud or
 * copied from openssl's colon form compares equal.
 */
export function checkPin(text: string, actual: string | undefined): PinCheck {
  const value = text.replace(/[\s:]/g, '').toLowerCase();
  if (value === '') return { state: 'none' };
  if (!/^[0-9a-f]*$/.test(value)) return { state: 'invalid', message: 'A fingerprint is hexadecimal (0–9, a–f); spaces and colons are ignored.' };
  if (value.length !== 64) return { state: 'invalid', message: `A fingerprint has 64 hex digits; this has ${value.length}.` };
  if (actual === undefined) return { state: 'invalid', message: 'The node’s wrapping key is not known yet.' };
  if (value !== actual) return { state: 'mismatch', message: `The node reports ${groupedFingerprint(actual).slice(0, 19)}…, not the expected ${groupedFingerprint(value).slice(0, 19)}…. Stop: this may not be the node you think.` };
  return { state: 'match' };
}
