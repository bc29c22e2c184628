import { describe, expect, it } from 'vitest';
import { serializeBundle, splitBundle, type Bundle } from '../../../crypto/bundle.ts';
import { readBundleFiles } from './read-bundles.ts';

const file = (name: string, text: string) => ({ name, size: text.length, text: async () => text });
function bundle(fill: number): Bundle {
  const spki = Uint8Array.from(Buffer.from('MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEeb5mfvncu6xVoGKVzocLBwKb/NstzijZWfKBWxb4F5hIOtp3JqPEZV2k+/wOEQio/Re0SKaFVBmcR9CP+xDUuA==', 'base64'));
  return {
    format: 'keyferry-bundle/1', curve: 'secp256k1', threshold: 1, publicKey: spki, keyId: 'k',
    shares: [1, 2, 3].map((index) => ({ index, wrappingKeyFingerprint: String(index).repeat(64), algorithm: 'RSA-OAEP-SHA256', wrappedShare: new Uint8Array(256).fill(fill + index) })),
  };
}

describe('readBundleFiles', () => {
  it('reads one bundle, and merges per-share files back into it', async () => {
    const b = bundle(1);
    const one = await readBundleFiles([file('all.json', serializeBundle(b))]);
    expect(one.ok && one.bundle.shares.length).toBe(3);
    const parts = splitBundle(b).map((p, i) => file(`share-${i + 1}.json`, serializeBundle(p)));
    const merged = await readBundleFiles(parts);
    expect(merged.ok && serializeBundle(merged.bundle)).toBe(serializeBundle(b));
  });
  it('names the file and the field that is wrong, and refuses shares of different keys', async () => {
    expect(await readBundleFiles([])).toMatchObject({ ok: false });
    const bad = await readBundleFiles([file('x.json', '{"format":"keyferry-bundle/1"}')]);
    expect(bad.ok === false && bad.message).toMatch(/^File "x\.json"/);
    const other = { ...bundle(1), keyId: 'other' };
    const mixed = await readBundleFiles([file('a.json', serializeBundle(splitBundle(bundle(1))[0]!)), file('b.json', serializeBundle(splitBundle(other)[1]!))]);
    expect(mixed.ok === false && mixed.message).toMatch(/^These files are not shares of one bundle: .*not of the same key/);
  });
});
