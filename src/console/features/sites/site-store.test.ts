import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Site } from './parse-profile.ts';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
  };
}

const session = memoryStorage();
const local = memoryStorage();
let store: typeof import('./site-store.ts');

beforeAll(async () => {
  vi.stubGlobal('sessionStorage', session);
  vi.stubGlobal('localStorage', local);
  store = await import('./site-store.ts');
});

const site = (name: string): Site => ({ name, threshold: 1, nodes: [{ index: 1, url: 'http://127.0.0.1:1', token: `token-${name}` }, { index: 2, url: 'http://127.0.0.1:2', token: `token-${name}` }] });

describe('site store', () => {
  it('keeps sites in sessionStorage only, and Disconnect forgets them and their tokens', () => {
    const { useSites, SITES_STORAGE_KEY } = store;
    useSites.getState().addSite(site('main'));
    useSites.getState().addSite(site('failover'));
    useSites.getState().addSite(site('main'));
    expect(useSites.getState().sites.map((s) => s.name)).toEqual(['failover', 'main']);
    expect(session.getItem(SITES_STORAGE_KEY)).toContain('token-main');
    expect(local.length).toBe(0);

    useSites.getState().disconnect('main');
    expect(session.getItem(SITES_STORAGE_KEY)).not.toContain('token-main');
    useSites.getState().disconnect('failover');
    expect(session.length).toBe(0);
    expect(local.length).toBe(0);
  });
});
