import { describe, expect, it } from 'vitest';
import type { Bundle } from '../crypto/bundle.ts';
import { JoinSession } from '../protocol/session.ts';
import { importJoinRequest, importProblems } from './import-plan.ts';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
function bundle(indexes: number[], threshold = 1, chain = false): Bundle {
  return {
    format: 'keyferry-bundle/1',
    curve: 'secp256k1',
    threshold,
    publicKey: bytes(88, 1),
    keyId: 'from-bundle',
    shares: indexes.map((index) => ({
      index,
      wrappingKeyFingerprint: String(index).repeat(64),
      algorithm: 'RSA-OAEP-SHA256',
      wrappedShare: bytes(256, index),
      ...(chain ? { wrappedChainCode: bytes(256, 100 + index) } : {}),
    })),
  };
}
const main = { site: 'main', threshold: 1, nodeIndexes: [1, 2, 3] };

describe('importProblems', () => {
  it('accepts a bundle with one share per node and the site threshold', () => expect(importProblems(bundle([1, 2, 3]), main)).toEqual([]));
  it('names a threshold mismatch, a stray share and missing shares', () => {
    expect(importProblems(bundle([1, 2, 3], 2), main)).toEqual(['the bundle\'s threshold is 2 but site main has threshold 1; its shares cannot be imported there']);
    expect(importProblems(bundle([1, 2, 3, 4]), main)[0]).toMatch(/share for index 4, but site main has nodes 1\.\.3; it was made for another site/);
    expect(importProblems(bundle([2]), main)[0]).toMatch(/^no share for node 1, 3 of site main in the bundle \(it has share 2\)/);
  });
});

describe('importJoinRequest', () => {
  it('gives each node the common parameters and only its own share', () => {
    const b = bundle([1, 2, 3], 1, true);
    const r2 = importJoinRequest(b, 2, 'S'.repeat(22), { timeoutMs: 20_000 });
    expect(JoinSession.parse(r2)).toEqual(r2);
    expect(r2).toMatchObject({ kind: 'import', timeoutMs: 20_000, parameters: { keyId: 'from-bundle', curve: 'secp256k1', threshold: 1 } });
    const share = (r2.parameters as { share: { wrappedShare: string; wrappedChainCode: string; wrappingKeyFingerprint: string } }).share;
    expect(Buffer.from(share.wrappedShare, 'base64')).toEqual(Buffer.from(bytes(256, 2)));
    expect(Buffer.from(share.wrappedChainCode, 'base64')).toEqual(Buffer.from(bytes(256, 102)));
    expect(share.wrappingKeyFingerprint).toBe('2'.repeat(64));
    expect(importJoinRequest(b, 1, 'S'.repeat(22), { keyId: 'chosen' }).parameters).toMatchObject({ keyId: 'chosen' });
    expect(() => importJoinRequest(bundle([1]), 3, 'S'.repeat(22))).toThrow(/no share for node 3/);
  });
});
