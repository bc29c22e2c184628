// A stored wrapping key as the page shows it: the public key in the three forms an
// operator copies (fingerprint, PEM, one-line base64 for node config) and file names for
// downloads. No React here; unit-tested in Node.
import { encodePem } from '../../../crypto/pem.ts';
import { spkiToBase64 } from '../../../crypto/public-key.ts';
import type { WrappingKeyRecord } from './key-store.ts';

export interface WrappingKeyView {
  id: string;
  label: string;
  bits: number;
  createdAt: string;
  /** e.g. "23 Nov 2026, 03:10", in the browser's locale and time zone. */
  createdAtText: string;
  fingerprint: string;
  /** First 16 hex digits, for dialogs and announcements. */
  shortFingerprint: string;
  pem: string;
  base64: string;
  files: { pem: string; base64: string };
}

/** Stored record → what the list shows. The private key handle is not part of the view. */
export function toWrappingKeyView(record: Omit<WrappingKeyRecord, 'privateKey'>, locale?: string): WrappingKeyView {
  return {
    id: record.id,
    label: record.label,
    bits: record.bits,
    createdAt: record.createdAt,
    createdAtText: formatCreatedAt(record.createdAt, locale),
    fingerprint: record.fingerprint,
    shortFingerprint: shortFingerprint(record.fingerprint),
    pem: encodePem('PUBLIC KEY', record.spki),
    base64: spkiToBase64(record.spki),
    files: keyFileNames(record.label),
  };
}

/** Newest first; ties (same millisecond) by label so the order is stable. */
export function newestFirst<T extends { createdAt: string; label: string }>(keys: readonly T[]): T[] {
  return [...keys].sort((a, b) => (a.createdAt === b.createdAt ? a.label.localeCompare(b.label) : a.createdAt < b.createdAt ? 1 : -1));
}

export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, 16);
}

/** A label made safe as a file name: letters, digits, ".", "_" and "-"; runs of others become one "-". */
export function fileStem(label: string): string {
  const stem = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return stem === '' ? 'wrapping-key' : stem;
}

export function keyFileNames(label: string): { pem: string; base64: string } {
  const stem = fileStem(label);
  return { pem: `${stem}.pub.pem`, base64: `${stem}.spki.b64` };
}

function formatCreatedAt(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
