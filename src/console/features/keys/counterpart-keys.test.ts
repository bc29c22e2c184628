import { describe, expect, it } from 'vitest';
import { counterpartStatuses } from './counterpart-keys.ts';
import { mergeSiteKeys, type NodeKeys } from './site-keys.ts';

const PK_A = 'MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEeb5mfvncu6xVoGKVzocLBwKb/NstzijZWfKBWxb4F5hIOtp3JqPEZV2k+/wOEQio/Re0SKaFVBmcR9CP+xDUuA==';
const PK_B = 'MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAExgRqUeqyzjJUqq7OmGKNrnLVDAkuMN9UL7wX9p0rsA6wsCd5Bx4lzkbmNyg2fyOz5tWdDfpHHIE9vwwvZ7VIxw==';
const key = (keyId: string, publicKey = PK_A) => ({ keyId, curve: 'secp256k1' as const, publicKey, chainCode: false, createdAt: '2026-11-01T00:00:00.000Z', origin: 'keygen' });
const everywhere = (...keys: ReturnType<typeof key>[]): NodeKeys[] => [1, 2, 3].map((index) => ({ index, keys }));

describe('counterpartStatuses', () => {
  const here = mergeSiteKeys(everywhere(key('same'), key('gone'), key('half'), key('other')));

  it('tells same, missing, half-held and conflict apart', () => {
    const there: NodeKeys[] = [
      { index: 1, keys: [key('same'), key('half'), key('other', PK_B)] },
      { index: 2, keys: [key('same'), key('half'), key('other', PK_B)] },
      { index: 3, keys: [key('same'), key('other')] },
    ];
    const statuses = counterpartStatuses(here, there);
    expect(Object.fromEntries([...statuses].map(([id, s]) => [id, s]))).toEqual({
      same: { state: 'same', text: 'Same public key' },
      gone: { state: 'missing', text: 'Missing' },
      half: { state: 'half-held', text: 'Half-held: on nodes 1, 2, not node 3' },
      other: { state: 'conflict', text: 'Conflict: another public key under this ID on nodes 1, 2' },
    });
  });

  it('is unknown, not missing or same, while a counterpart node could not be read', () => {
    const there: NodeKeys[] = [{ index: 1, keys: [key('same')] }, { index: 2, keys: [key('same')] }, { index: 3, error: 'token refused' }];
    const statuses = counterpartStatuses(here, there);
    expect(statuses.get('same')).toEqual({ state: 'unknown', text: 'Unknown: node 3 could not be read' });
    expect(statuses.get('gone')).toEqual({ state: 'unknown', text: 'Unknown: node 3 could not be read' });
  });
});
