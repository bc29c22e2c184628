import { describe, expect, it } from 'vitest';
import { exportable, keyFingerprint, mergeSiteKeys, originParts, type NodeKeys } from './site-keys.ts';

// A real secp256k1 SPKI (generator point), so the fingerprint is computed.
const PK_A = 'MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEeb5mfvncu6xVoGKVzocLBwKb/NstzijZWfKBWxb4F5hIOtp3JqPEZV2k+/wOEQio/Re0SKaFVBmcR9CP+xDUuA==';
const PK_B = 'MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAExgRqUeqyzjJUqq7OmGKNrnLVDAkuMN9UL7wX9p0rsA6wsCd5Bx4lzkbmNyg2fyOz5tWdDfpHHIE9vwwvZ7VIxw==';
const key = (keyId: string, publicKey = PK_A, extra: Partial<{ createdAt: string; curve: 'secp256k1' | 'P-256' }> = {}) => ({
  keyId,
  curve: extra.curve ?? ('secp256k1' as const),
  publicKey,
  chainCode: false,
  createdAt: extra.createdAt ?? '2026-11-01T00:00:00.000Z',
  origin: 'keygen',
});

describe('mergeSiteKeys', () => {
  it('merges by key ID and is exportable when on every node', () => {
    const answers: NodeKeys[] = [1, 2, 3].map((index) => ({ index, keys: [key('b'), key('a', PK_A, { createdAt: `2026-11-0${index}T00:00:00.000Z` })] }));
    const keys = mergeSiteKeys(answers);
    expect(keys.map((k) => k.keyId)).toEqual(['a', 'b']);
    expect(keys[0]!.presentOn).toEqual([1, 2, 3]);
    expect(keys[0]!.createdAt).toBe('2026-11-01T00:00:00.000Z');
    expect(keys[0]!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(keys[0]!.fingerprint).toBe(keyFingerprint(PK_A));
    expect(keys.every(exportable)).toBe(true);
  });

  it('warns about a node without the key and a node that failed', () => {
    const keys = mergeSiteKeys([
      { index: 1, keys: [key('a')] },
      { index: 2, keys: [] },
      { index: 3, error: 'token refused' },
    ]);
    expect(keys[0]!.missingOn).toEqual([2]);
    expect(keys[0]!.unknownOn).toEqual([3]);
    expect(keys[0]!.warnings).toEqual([
      'Not on node 2: this key cannot be exported until every node holds its share.',
      'Unknown on node 3: that node could not be read.',
    ]);
    expect(exportable(keys[0]!)).toBe(false);
  });

  it('names nodes that disagree on the public key', () => {
    const keys = mergeSiteKeys([
      { index: 1, keys: [key('a')] },
      { index: 2, keys: [key('a', PK_B)] },
      { index: 3, keys: [key('a', PK_B)] },
    ]);
    expect(keys[0]!.warnings).toEqual(['The nodes disagree on the public key: nodes 2 and 3 differ from node 1. Do not use this key.']);
  });

  it('is empty when no node holds a key; garbage public keys give no fingerprint', () => {
    expect(mergeSiteKeys([{ index: 1, keys: [] }, { index: 2, error: 'x' }])).toEqual([]);
    expect(keyFingerprint('!!')).toBe('');
  });
});

describe('originParts', () => {
  it('splits the session ID off', () => {
    expect(originParts('keygen session g9FCVNSpzIhwcY4heznhjA')).toEqual({ what: 'keygen session', sessionId: 'g9FCVNSpzIhwcY4heznhjA' });
    expect(originParts('restored from backup')).toEqual({ what: 'restored from backup' });
  });
});
