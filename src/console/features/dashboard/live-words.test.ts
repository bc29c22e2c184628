import { describe, expect, it } from 'vitest';
import { nodeLiveText, siteLiveText } from './live-words.ts';

describe('nodeLiveText', () => {
  it('names each state, with whole seconds left before a reconnect (at least 1)', () => {
    expect(nodeLiveText(undefined, 0)).toBe('Connecting…');
    expect(nodeLiveText({ state: 'connecting' }, 0)).toBe('Connecting…');
    expect(nodeLiveText({ state: 'live' }, 0)).toBe('Live');
    expect(nodeLiveText({ state: 'reconnecting', retryAt: 4000 }, 1000)).toBe('Reconnecting in 3 s');
    expect(nodeLiveText({ state: 'reconnecting', retryAt: 4000 }, 1500)).toBe('Reconnecting in 3 s');
    expect(nodeLiveText({ state: 'reconnecting', retryAt: 4000 }, 5000)).toBe('Reconnecting in 1 s');
  });
});

describe('siteLiveText', () => {
  const live = { state: 'live' } as const;
  const down = { state: 'reconnecting', retryAt: 0 } as const;
  it('says "Live" only when every node is', () => {
    expect(siteLiveText([{ index: 1, live }, { index: 2, live }])).toBe('Live');
    expect(siteLiveText([{ index: 1, live }, { index: 2, live: undefined }])).toBe('Connecting…');
  });
  it('names the nodes it is reconnecting to, without a countdown', () => {
    expect(siteLiveText([{ index: 1, live }, { index: 2, live: down }, { index: 3, live }])).toBe('Live from 2 of 3 nodes; reconnecting to node 2');
    expect(siteLiveText([{ index: 1, live: down }, { index: 2, live: down }, { index: 3, live: down }])).toBe('Live from 0 of 3 nodes; reconnecting to nodes 1, 2 and 3');
  });
});
