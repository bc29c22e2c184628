// KeyReport → the rows the report panel shows, in reading order. Each row has what the
// operator sees (`display`, optional `detail`) and what its Copy button copies (`copy`,
// the raw value). Kept out of React so it is unit-tested on its own.
import type { KeyReport } from '../../../crypto/inspect.ts';

export interface ReportField {
  /** Stable, for element ids and React keys. */
  id: string;
  label: string;
  /** Small print under the label: what the value is. */
  hint?: string;
  display: string;
  /** Small print after the value, e.g. the raw format code. */
  detail?: string;
  copy: string;
  /** Render in monospace (hex, base64, codes). */
  monospace: boolean;
  /** Long values wrap anywhere and scroll when huge. */
  long: boolean;
}

const KIND_LABELS: Readonly<Record<KeyReport['kind'], string>> = {
  'private-key': 'Private key',
  'public-key': 'Public key',
};

const ALGORITHM_LABELS: Readonly<Record<KeyReport['algorithm'], string>> = {
  RSA: 'RSA',
  EC: 'EC (elliptic curve)',
  Ed25519: 'Ed25519 (EdDSA)',
};

/** Format codes the core reports, in words. Unknown codes are shown as they are. */
const FORMAT_LABELS: Readonly<Record<string, string>> = {
  'pkcs8-pem': 'PKCS #8 private key, PEM',
  'pkcs8-der': 'PKCS #8 private key, DER',
  'pkcs8-base64': 'PKCS #8 private key, base64 DER',
  'encrypted-pkcs8-pem': 'Encrypted PKCS #8 private key, PEM',
  'sec1-pem': 'SEC 1 EC private key, PEM',
  'sec1-der': 'SEC 1 EC private key, DER',
  'pkcs1-pem': 'PKCS #1 RSA key, PEM',
  'pkcs1-der': 'PKCS #1 RSA key, DER',
  'spki-pem': 'SubjectPublicKeyInfo, PEM',
  'spki-der': 'SubjectPublicKeyInfo, DER',
  'spki-base64': 'SubjectPublicKeyInfo, base64 DER',
  'openssh-public': 'OpenSSH public key',
  jwk: 'JSON Web Key',
  wif: 'Wallet Import Format (WIF)',
  xprv: 'BIP32 extended private key',
  xpub: 'BIP32 extended public key',
  hex: 'Hex',
  'raw-point': 'Raw public point',
};

export function formatLabel(format: string): string {
  return FORMAT_LABELS[format] ?? format;
}

/** One line for the panel's summary, e.g. "Private key · EC secp256k1" or "Public key · RSA 2048-bit". */
export function reportSummary(report: KeyReport): string {
  const kind = KIND_LABELS[report.kind];
  if (report.algorithm === 'RSA') {
    return report.rsaBits === undefined ? `${kind} · RSA` : `${kind} · RSA ${report.rsaBits}-bit`;
  }
  if (report.algorithm === 'EC') return report.curve === undefined ? `${kind} · EC` : `${kind} · EC ${report.curve}`;
  return `${kind} · Ed25519`;
}

export function reportFields(report: KeyReport): ReportField[] {
  const fields: ReportField[] = [];
  const add = (id: string, label: string, display: string, copy = display, options: Partial<ReportField> = {}) => {
    fields.push({ id, label, display, copy, monospace: false, long: false, ...options });
  };

  add('kind', 'Kind', KIND_LABELS[report.kind], report.kind);
  add('algorithm', 'Algorithm', ALGORITHM_LABELS[report.algorithm], report.algorithm);
  if (report.curve !== undefined) add('curve', 'Curve', report.curve);
  if (report.rsaBits !== undefined) add('rsa-bits', 'Modulus', `${report.rsaBits} bits`, String(report.rsaBits));
  if (report.rsaExponent !== undefined) {
    add('rsa-exponent', 'Public exponent', String(report.rsaExponent), String(report.rsaExponent), {
      detail: `0x${report.rsaExponent.toString(16)}`,
    });
  }
  const formatName = formatLabel(report.format);
  add('format', 'Detected format', formatName, report.format, formatName === report.format ? {} : { detail: report.format });
  if (report.network !== undefined) add('network', 'Network', report.network === 'mainnet' ? 'Mainnet' : 'Testnet', report.network);
  if (report.chainCode !== undefined) {
    add('chain-code', 'Chain code', report.chainCode ? 'Present (BIP32)' : 'None', report.chainCode ? 'present' : 'none');
  }
  add('fingerprint', 'Fingerprint', report.fingerprint, report.fingerprint, {
    hint: 'SHA-256 of the DER public key (SPKI), hex',
    monospace: true,
  });
  add('spki', 'Public key (SPKI)', report.spki, report.spki, {
    hint: 'DER SubjectPublicKeyInfo, base64',
    monospace: true,
    long: true,
  });
  return fields;
}
