// The bulk worker's work in Node: every key of a chunk comes back as a bundle whose shares,
// unwrapped with the nodes' private keys (node:crypto made them), recombine to the key read
// — for each curve and with a chain code — while a bad key fails alone with its source in
// the sentence; refused wrapping keys fail the chunk; timings are reported when asked.
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, toBase64, toHex } from '../../../crypto/bytes.ts';
import { unwrapAndCombine, type Unwrapper } from '../../../crypto/share-transfer.ts';
import { rsaFixture, webCryptoDecryptKey, type RsaFixture } from '../../../crypto/test-support/rsa.ts';
import { fingerprint } from '../../../crypto/public-key.ts';
import type { WrapTarget } from './bulk-contract.ts';
import { resultBuffers, splitWrapChunk } from './split-wrap-chunk.ts';

let nodes: RsaFixture[];
let unwrappers: Unwrapper[];
let targets: WrapTarget[];
beforeAll(async () => {
  nodes = await Promise.all([rsaFixture(2048), rsaFixture(2048), rsaFixture(2048)]);
  unwrappers = await Promise.all(nodes.map(async (fx, i) => ({ index: i + 1, key: await webCryptoDecryptKey(fx) })));
  targets = nodes.map((n, i) => ({ index: i + 1, spki: toBase64(n.spkiDer), fingerprint: fingerprint(n.spkiDer) }));
});

const pkcs8 = (type: 'ec' | 'ed25519', namedCurve?: string) => {
  const { privateKey, publicKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: namedCurve! }) : generateKeyPairSync('ed25519');
  return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), spki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })) };
};

describe('splitWrapChunk', () => {
  it('splits every curve for three nodes; two shares recombine to the key, whose public key node:crypto agrees with', async () => {
    const keys = [pkcs8('ec', 'secp256k1'), pkcs8('ec', 'prime256v1'), pkcs8('ec', 'secp384r1'), pkcs8('ed25519')];
    const items = keys.map((k, i) => ({ keyId: `k-${i}`, source: `keys.jsonl:${i + 1}`, key: k.pem }));
    const { results, timings } = await splitWrapChunk({ items, targets, threshold: 1 });
    expect(timings).toBeUndefined();
    expect(results.map((r) => r.keyId)).toEqual(['k-0', 'k-1', 'k-2', 'k-3']);
    for (const [i, r] of results.entries()) {
      expect(r.error).toBeUndefined();
      expect(r.publicKey).toBe(toBase64(keys[i]!.spki));
      expect(r.bundle).toMatchObject({ format: 'keyferry-bundle/1', threshold: 1, keyId: `k-${i}` });
      expect(r.bundle!.shares.map((s) => [s.index, s.wrappingKeyFingerprint])).toEqual(targets.map((t) => [t.index, t.fingerprint]));
      const key = await unwrapAndCombine(r.bundle!, [unwrappers[2]!, unwrappers[0]!]);
      expect(toBase64(r.bundle!.publicKey)).toBe(r.publicKey);
      expect(key.curve).toBe(r.bundle!.curve);
    }
  });

  it('wraps a chain code given beside the key; a bad key fails alone and names its source, not the key', async () => {
    const scalar = '11'.repeat(32);
    const items = [
      { keyId: 'good', source: 'a.jsonl:1', key: scalar, chainCode: 'ab'.repeat(32) },
      { keyId: 'bad', source: 'a.jsonl:2', key: 'not a key at all' },
      { keyId: 'short-chain', source: 'a.jsonl:3', key: scalar, chainCode: 'abcd' },
      { keyId: 'bad id!', source: 'a.jsonl:4', key: scalar },
      { keyId: 'after', source: 'a.jsonl:5', key: '22'.repeat(32) },
    ];
    const { results } = await splitWrapChunk({ items, targets, threshold: 1 });
    expect(results.map((r) => [r.keyId, r.error === undefined])).toEqual([
      ['good', true],
      ['bad', false],
      ['short-chain', false],
      ['bad id!', false],
      ['after', true],
    ]);
    const key = await unwrapAndCombine(results[0]!.bundle!, [unwrappers[1]!, unwrappers[2]!]);
    expect(toHex(key.scalar)).toBe(scalar);
    expect(toHex(key.chainCode!)).toBe('ab'.repeat(32));
    expect(results[1]!.error).toMatch(/^a\.jsonl:2: key bad is not a private key Keyferry reads: key: /);
    expect(results[1]!.error).not.toContain('not a key at all');
    expect(results[2]!.error).toMatch(/^a\.jsonl:3: key short-chain could not be split and wrapped: chainCode: expected 32 bytes/);
    expect(results[2]!.publicKey).toBe(results[0]!.publicKey);
    expect(results[3]!.error).toMatch(/a key ID is 1–64 characters/);
  });

  it('refuses a wrapping key whose fingerprint is not the one expected, and a threshold the nodes cannot meet', async () => {
    const wrong = targets.map((t, i) => (i === 1 ? { ...t, fingerprint: targets[0]!.fingerprint } : t));
    await expect(splitWrapChunk({ items: [], targets: wrong, threshold: 1 })).rejects.toThrow(/targets\[node 2\]: the wrapping key's fingerprint is [0-9a-f]{64}, not the/);
    const same = targets.map((t, i) => (i === 2 ? { ...targets[0]!, index: 3 } : t));
    await expect(splitWrapChunk({ items: [], targets: same, threshold: 1 })).rejects.toThrow(/node 3 has the same wrapping key as node 1/);
    await expect(splitWrapChunk({ items: [], targets, threshold: 3 })).rejects.toThrow(/"threshold" must be at least 1 and less than the 3 nodes/);
  });

  it('reports step times when asked, and lists each result buffer once to transfer', async () => {
    const items = [{ keyId: 'a', source: 's', key: '33'.repeat(32), chainCode: 'cd'.repeat(32) }];
    const { results, timings } = await splitWrapChunk({ items, targets, threshold: 2, profile: true });
    expect(timings!.total).toBeGreaterThan(0);
    expect(timings!.encrypt).toBeGreaterThan(0);
    expect(timings!.total).toBeGreaterThanOrEqual(timings!.read + timings!.split + timings!.encrypt + timings!.encode - 0.001);
    const buffers = resultBuffers(results);
    // The public key, and per node a share and a chain code.
    expect(buffers).toHaveLength(1 + 3 * 2);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(results[0]!.bundle!.threshold).toBe(2);
    expect(fromBase64(results[0]!.publicKey!)).toEqual(results[0]!.bundle!.publicKey);
  });
});
