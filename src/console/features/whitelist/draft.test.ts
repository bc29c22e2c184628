import { describe, expect, it } from 'vitest';
import type { ExportConfigView } from '../../../client/export-config.ts';
import { addEntry, diffWhitelists, draftFrom, isEmptyDiff, rebase, removeEntry, setExport, setWildcard, toChange, tomlPreview, type Entry } from './draft.ts';

const key = (n: number): Entry => ({ key: `KEY${n}`, fingerprint: `${n}`.repeat(64).slice(0, 64), rsaBits: 3072 });
function config(version: number, entries: Entry[], enableExport = true): ExportConfigView {
  return { enableExport, whitelist: entries.map((e) => e.key), entries, version, updatedAt: '2026-11-23T00:00:00Z', updatedBy: 'admin' };
}
const ids = (entries: Entry[]) => entries.map((e) => e.fingerprint ?? e.key);

describe('whitelist draft', () => {
  it('diffs added and removed keys and a change of EnableExport', () => {
    const base = draftFrom(config(1, [key(1), key(2)], false));
    let draft = removeEntry(base, key(1).fingerprint!);
    const added = addEntry(draft, key(3));
    if (!added.ok) throw new Error(added.message);
    draft = setExport(added.draft, true);
    const diff = diffWhitelists(base, draft);
    expect(ids(diff.added)).toEqual([key(3).fingerprint]);
    expect(ids(diff.removed)).toEqual([key(1).fingerprint]);
    expect(diff.exportChange).toEqual({ from: false, to: true });
    expect(isEmptyDiff(diffWhitelists(base, base))).toBe(true);
    expect(toChange(draft)).toEqual({ enableExport: true, whitelist: ['KEY2', 'KEY3'], version: 1 });
  });

  it('refuses a key that is already listed, and any key while the wildcard is set', () => {
    const draft = draftFrom(config(1, [key(1)]));
    const again = addEntry(draft, key(1));
    expect(again.ok).toBe(false);
    expect(!again.ok && again.message).toMatch(/already on the whitelist/);
    const wild = setWildcard(draft, true);
    expect(wild.entries).toEqual([{ key: '*' }]);
    const blocked = addEntry(wild, key(2));
    expect(!blocked.ok && blocked.message).toMatch(/Clear the wildcard/);
    expect(setWildcard(wild, false).entries).toEqual([]);
  });

  it('previews the [Player] section as the node renders it', () => {
    expect(tomlPreview({ enableExport: true, entries: [key(1)] })).toBe('[Player]\nEnableExport = true\nExportWhiteList = [\n  "KEY1",\n]\n');
    expect(tomlPreview({ enableExport: false, entries: [] })).toBe('[Player]\nEnableExport = false\nExportWhiteList = []\n');
  });

  it('rebases edits onto a configuration that changed meanwhile', () => {
    const base = draftFrom(config(3, [key(1), key(2)], false));
    const mineAdded = addEntry(removeEntry(base, key(1).fingerprint!), key(4));
    if (!mineAdded.ok) throw new Error(mineAdded.message);
    // Meanwhile someone removed key 2, added key 3 and enabled export (version 5).
    const current = config(5, [key(1), key(3)], true);
    const { draft, theirs, notes } = rebase(mineAdded.draft, current);
    expect(draft.base.version).toBe(5);
    expect(ids(draft.entries)).toEqual([key(3).fingerprint, key(4).fingerprint]);
    expect(draft.enableExport).toBe(true); // I did not touch it: theirs stands
    expect(ids(theirs.added)).toEqual([key(3).fingerprint]);
    expect(ids(theirs.removed)).toEqual([key(2).fingerprint]);
    expect(theirs.exportChange).toEqual({ from: false, to: true });
    expect(notes).toEqual([]);
  });

  it('says which added keys could not be carried over onto a wildcard', () => {
    const base = draftFrom(config(1, []));
    const mine = addEntry(setExport(base, false), key(7));
    if (!mine.ok) throw new Error(mine.message);
    const { draft, notes } = rebase(mine.draft, config(2, [{ key: '*' }]));
    expect(draft.entries).toEqual([{ key: '*' }]);
    expect(draft.enableExport).toBe(false); // my change of EnableExport is kept
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/was not carried over.*wildcard/);
  });
});
