import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fileStem, keyFileNames, newestFirst, shortFingerprint, toWrappingKeyView } from './view-model.ts';

const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
const nodeFingerprint = createHash('sha256').update(spki).digest('hex');

describe('toWrappingKeyView', () => {
  const record = { id: 'k1', label: 'Site A / prod', createdAt: '2026-11-23T03:00:00.000Z', bits: 2048, spki, fingerprint: nodeFingerprint };

  it('shows the public key as node:crypto exports it: PEM and one-line base64', () => {
    const view = toWrappingKeyView(record, 'en-GB');
    expect(view.pem).toBe(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(view.base64).toBe(Buffer.from(spki).toString('base64'));
    expect(view.fingerprint).toBe(nodeFingerprint);
    expect(view.shortFingerprint).toBe(nodeFingerprint.slice(0, 16));
    expect(view.files).toEqual({ pem: 'Site-A-prod.pub.pem', base64: 'Site-A-prod.spki.b64' });
    expect(view.createdAtText).toMatch(/2026/);
  });
});

describe('newestFirst', () => {
  it('orders by creation time, newest first, without changing its input', () => {
    const keys = [
      { createdAt: '2026-01-01T00:00:00.000Z', label: 'old' },
      { createdAt: '2026-03-01T00:00:00.000Z', label: 'new' },
      { createdAt: '2026-02-01T00:00:00.000Z', label: 'mid' },
    ];
    expect(newestFirst(keys).map((k) => k.label)).toEqual(['new', 'mid', 'old']);
    expect(keys[0]?.label).toBe('old');
  });
});

describe('file names', () => {
  it('keeps letters, digits, dot, dash and underscore; replaces runs of anything else', () => {
    expect(fileStem('ops laptop')).toBe('ops-laptop');
    expect(fileStem('Zürich #2')).toBe('Zurich-2');
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(fileStem('a_b.c-d')).toBe('a_b.c-d');
  });

  it('falls back to "wrapping-key" when nothing usable is left', () => {
    expect(fileStem('🔑🔑')).toBe('wrapping-key');
    expect(keyFileNames('///')).toEqual({ pem: 'wrapping-key.pub.pem', base64: 'wrapping-key.spki.b64' });
  });

  it('shortFingerprint is the first 16 hex digits', () => {
    expect(shortFingerprint('0123456789abcdef0123')).toBe('0123456789abcdef');
  });
});
