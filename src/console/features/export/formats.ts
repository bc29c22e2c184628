// Which private-key formats an exported key can be written in, per curve, and why not.
// Every Keyferry export returns the private scalar; for Ed25519 that is the clamped scalar
// s = clamp(SHA-512(seed)[0..32]) mod ℓ, not the RFC 8032 seed it came from (docs/decisions.md
// #4), and PKCS#8 and JWK can only hold a seed. Pure; no React.
import type { CurveName } from '../../../crypto/curves.ts';
import type { PrivateKeyOutputFormat } from '../../../crypto/private-key/encode.ts';

export interface FormatOption {
  format: PrivateKeyOutputFormat;
  label: string;
  available: boolean;
  /** Why it is not offered for this curve. */
  why?: string;
  /** File name suffix for a download. */
  extension: string;
}

const LABELS: Record<PrivateKeyOutputFormat, { label: string; extension: string }> = {
  pkcs8: { label: 'PKCS#8 PEM', extension: 'pkcs8.pem' },
  sec1: { label: 'SEC1 PEM', extension: 'sec1.pem' },
  jwk: { label: 'JWK', extension: 'jwk.json' },
  hex: { label: 'Hex', extension: 'hex.txt' },
  wif: { label: 'WIF', extension: 'wif.txt' },
};

function unavailable(curve: CurveName, format: PrivateKeyOutputFormat): string | undefined {
  if (curve === 'Ed25519') {
    if (format === 'pkcs8') return 'PKCS#8 holds an Ed25519 seed (RFC 8410); an exported Ed25519 key is a scalar';
    if (format === 'jwk') return 'a JWK "d" is an Ed25519 seed (RFC 8037); an exported Ed25519 key is a scalar';
    if (format === 'sec1') return 'SEC1 is for elliptic curves in Weierstrass form, not Ed25519';
  }
  if (format === 'wif' && curve !== 'secp256k1') return `WIF holds secp256k1 keys only; this key is ${curve}`;
  return undefined;
}

export function formatOptions(curve: CurveName): FormatOption[] {
  return (['pkcs8', 'sec1', 'jwk', 'hex', 'wif'] as const).map((format) => {
    const why = unavailable(curve, format);
    return { format, ...LABELS[format], available: why === undefined, ...(why === undefined ? {} : { why }) };
  });
}

/** The first available format: PKCS#8 where possible, hex for Ed25519. */
export function defaultFormat(curve: CurveName): PrivateKeyOutputFormat {
  return formatOptions(curve).find((o) => o.available)!.format;
}

/** e.g. "treasury-7.pkcs8.pem". */
export function privateKeyFileName(keyId: string, format: PrivateKeyOutputFormat): string {
  return `${keyId}.${LABELS[format].extension}`;
}

/** e.g. "treasury-7.main-to-failover.keyferry-bundle.json". */
export function bundleFileName(keyId: string, source: string, target: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${keyId}.${safe(source)}-to-${safe(target)}.keyferry-bundle.json`;
}
