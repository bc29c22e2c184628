import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../crypto/bundle.ts';
import { getCurve, publicKeyFromScalar } from '../../crypto/curves.ts';
import { encodeSpki } from '../../crypto/public-key.ts';
import { randomScalarBytes } from '../../crypto/random.ts';
import { bundleFile, perShareFiles } from './bundle-files.ts';

const curve = getCurve('secp256k1');
const publicKey = encodeSpki(curve, publicKeyFromScalar(curve, randomScalarBytes(curve)));
const share = (index: number) => ({ index, wrappingKeyFingerprint: String(index).repeat(64), algorithm: 'RSA-OAEP-SHA256' as const, wrappedShare: new Uint8Array(256).fill(index) });
const BUNDLE: Bundle = { format: 'keyferry-bundle/1', curve: 'secp256k1', threshold: 1, publicKey, keyId: 'k1', shares: [share(1), share(2), share(3)] };

describe('bundle files', () => {
  it('writes the whole bundle as JSON under the given name', () => {
    const file = bundleFile(BUNDLE, 'k1.keyferry-bundle.json');
    expect(file.name).toBe('k1.keyferry-bundle.json');
    expect(JSON.parse(file.text)).toMatchObject({ format: 'keyferry-bundle/1', keyId: 'k1', shares: [{ index: 1 }, { index: 2 }, { index: 3 }] });
  });

  it('writes one file per share, named by its index, each holding only that share', () => {
    const files = perShareFiles(BUNDLE, 'k1');
    expect(files.map((f) => f.name)).toEqual(['k1.share-1.keyferry-bundle.json', 'k1.share-2.keyferry-bundle.json', 'k1.share-3.keyferry-bundle.json']);
    expect(files.map((f) => (JSON.parse(f.text) as { shares: { index: number }[] }).shares.map((s) => s.index))).toEqual([[1], [2], [3]]);
  });
});
