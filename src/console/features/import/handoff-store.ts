// A keyferry-bundle/1 handed from one console page to the import wizard — an export to
// another site ("hand off into that site's import"). Memory only: a bundle holds wrapped
// shares, never a plaintext key, but it has no reason to outlive the tab's page state.
import { create } from 'zustand';
import type { Bundle } from '../../../crypto/bundle.ts';

export interface ImportHandoff {
  /** The bundle, the site it is meant for, and where it came from (shown to the operator). */
  pending: { bundle: Bundle; site: string; source: string } | null;
  offer: (bundle: Bundle, site: string, source: string) => void;
  clear: () => void;
}

export const useImportHandoff = create<ImportHandoff>()((set) => ({
  pending: null,
  offer: (bundle, site, source) => set({ pending: { bundle, site, source } }),
  clear: () => set({ pending: null }),
}));
