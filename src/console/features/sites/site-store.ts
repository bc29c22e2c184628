// The sites this console is connected to, with their node tokens. Tokens are held in
// memory and sessionStorage only (this tab, until it closes) — never localStorage.
// "Disconnect" forgets a site and its tokens.
import { create } from 'zustand';
import { persist, type PersistStorage, type StorageValue } from 'zustand/middleware';
import type { Site } from './parse-profile.ts';

export interface SitesState {
  sites: Site[];
  /** Adds a site, or replaces the one with the same name. */
  addSite: (site: Site) => void;
  disconnect: (name: string) => void;
}

export const SITES_STORAGE_KEY = 'keyferry.sites';

type Persisted = Pick<SitesState, 'sites'>;

/** sessionStorage as JSON; with no sites the entry is removed, so nothing is left behind. */
const sessionSites: PersistStorage<Persisted> = {
  getItem: (name) => {
    const text = globalThis.sessionStorage?.getItem(name);
    if (text == null) return null;
    try {
      return JSON.parse(text) as StorageValue<Persisted>;
    } catch {
      return null;
    }
  },
  setItem: (name, value) => {
    if (value.state.sites.length === 0) globalThis.sessionStorage?.removeItem(name);
    else globalThis.sessionStorage?.setItem(name, JSON.stringify(value));
  },
  removeItem: (name) => globalThis.sessionStorage?.removeItem(name),
};

export const useSites = create<SitesState>()(
  persist(
    (set) => ({
      sites: [],
      addSite: (site) => set((s) => ({ sites: [...s.sites.filter((x) => x.name !== site.name), site] })),
      disconnect: (name) => set((s) => ({ sites: s.sites.filter((x) => x.name !== name) })),
    }),
    {
      name: SITES_STORAGE_KEY,
      storage: sessionSites,
      partialize: (s) => ({ sites: s.sites }),
    },
  ),
);
