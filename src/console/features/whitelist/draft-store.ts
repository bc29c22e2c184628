// Unapplied whitelist drafts, one per node ("site/index"), so an operator who leaves the
// page — or reloads it — finds their edits where they left them. Drafts hold public keys
// only and live in sessionStorage (this tab), like the site profiles.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { Draft } from './draft.ts';

export interface DraftsState {
  drafts: Record<string, Draft>;
  save: (nodeKey: string, draft: Draft) => void;
  discard: (nodeKey: string) => void;
}

export const nodeKeyOf = (site: string, index: number): string => `${site}/${index}`;

export const useWhitelistDrafts = create<DraftsState>()(
  persist(
    (set) => ({
      drafts: {},
      save: (nodeKey, draft) => set((s) => ({ drafts: { ...s.drafts, [nodeKey]: draft } })),
      discard: (nodeKey) =>
        set((s) => {
          const { [nodeKey]: _gone, ...rest } = s.drafts;
          return { drafts: rest };
        }),
    }),
    { name: 'keyferry.whitelist-drafts', storage: createJSONStorage(() => sessionStorage) },
  ),
);
