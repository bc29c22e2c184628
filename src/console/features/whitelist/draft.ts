// A node's export whitelist being edited: the configuration it started from (its version
// is what the PUT is based on), the edits, the diff an operator reviews before applying,
// and rebasing the edits onto a configuration that changed meanwhile (409). Pure; no React.
import { renderPlayerToml, WILDCARD, type WhitelistEntry } from '../../../protocol/export-whitelist.ts';
import type { ExportConfigChange, ExportConfigView } from '../../../client/export-config.ts';

/** One whitelist entry: one-line base64 DER SPKI (or "*"), its fingerprint and RSA size. */
export type Entry = WhitelistEntry;

export interface WhitelistState {
  enableExport: boolean;
  entries: Entry[];
}

export interface Draft extends WhitelistState {
  base: ExportConfigView;
}

export interface WhitelistDiff {
  added: Entry[];
  removed: Entry[];
  /** Set when EnableExport differs. */
  exportChange?: { from: boolean; to: boolean };
}

/** An entry's identity: its fingerprint, or "*" for the wildcard. */
export const entryId = (e: Entry): string => e.fingerprint ?? e.key;

export const isWildcard = (s: WhitelistState): boolean => s.entries.some((e) => e.key === WILDCARD);

export function draftFrom(config: ExportConfigView): Draft {
  return { base: config, enableExport: config.enableExport, entries: config.entries.map((e) => ({ ...e })) };
}

export function diffWhitelists(before: WhitelistState, after: WhitelistState): WhitelistDiff {
  const was = new Set(before.entries.map(entryId));
  const now = new Set(after.entries.map(entryId));
  const diff: WhitelistDiff = {
    added: after.entries.filter((e) => !was.has(entryId(e))),
    removed: before.entries.filter((e) => !now.has(entryId(e))),
  };
  if (before.enableExport !== after.enableExport) diff.exportChange = { from: before.enableExport, to: after.enableExport };
  return diff;
}

export const isEmptyDiff = (d: WhitelistDiff): boolean => d.added.length === 0 && d.removed.length === 0 && d.exportChange === undefined;

export type AddResult = { ok: true; draft: Draft } | { ok: false; message: string };

/** Adds an RSA key; refused when it is already listed or the wildcard is set. */
export function addEntry(draft: Draft, entry: Entry): AddResult {
  if (entry.key === WILDCARD) return { ok: false, message: 'The wildcard is set with its own control, after a confirmation.' };
  if (isWildcard(draft)) {
    return { ok: false, message: 'The whitelist holds the wildcard "*", which must be its only entry. Clear the wildcard before adding keys.' };
  }
  if (draft.entries.some((e) => entryId(e) === entryId(entry))) {
    return { ok: false, message: `This key (fingerprint ${entryId(entry).slice(0, 16)}…) is already on the whitelist.` };
  }
  return { ok: true, draft: { ...draft, entries: [...draft.entries, entry] } };
}

export function removeEntry(draft: Draft, id: string): Draft {
  return { ...draft, entries: draft.entries.filter((e) => entryId(e) !== id) };
}

export function setExport(draft: Draft, enableExport: boolean): Draft {
  return { ...draft, enableExport };
}

/** Setting the wildcard replaces every entry ("*" must stand alone); clearing it empties the list. */
export function setWildcard(draft: Draft, on: boolean): Draft {
  return { ...draft, entries: on ? [{ key: WILDCARD }] : draft.entries.filter((e) => e.key !== WILDCARD) };
}

/** The body of PUT /v1/export-config for this draft. */
export function toChange(draft: Draft): ExportConfigChange {
  return { enableExport: draft.enableExport, whitelist: draft.entries.map((e) => e.key), version: draft.base.version };
}

/** The [Player] section the node will hold once the draft is applied (the node's own renderer). */
export function tomlPreview(state: WhitelistState): string {
  return renderPlayerToml(state.enableExport, state.entries.map((e) => e.key));
}

export interface Rebased {
  draft: Draft;
  /** What others changed between the draft's base and the current configuration. */
  theirs: WhitelistDiff;
  /** Edits of the draft that could not be carried over, in words. */
  notes: string[];
}

/**
 * Carries the draft's edits (relative to its base) over to `current`: removals and
 * additions by fingerprint, EnableExport only when the draft changed it. The result is
 * based on current.version and must be reviewed again before it is applied.
 */
export function rebase(draft: Draft, current: ExportConfigView): Rebased {
  const mine = diffWhitelists(stateOf(draft.base), draft);
  const theirs = diffWhitelists(stateOf(draft.base), stateOf(current));
  let next = draftFrom(current);
  const notes: string[] = [];
  if (mine.exportChange) next = setExport(next, mine.exportChange.to);
  const removedIds = new Set(mine.removed.map(entryId));
  next = { ...next, entries: next.entries.filter((e) => !removedIds.has(entryId(e))) };
  if (mine.added.some((e) => e.key === WILDCARD)) {
    next = setWildcard(next, true);
  } else {
    for (const entry of mine.added) {
      const added = addEntry(next, entry);
      if (added.ok) next = added.draft;
      else if (isWildcard(next)) notes.push(`Key ${entryId(entry).slice(0, 16)}… was not carried over: the node's whitelist now holds the wildcard "*".`);
    }
  }
  return { draft: next, theirs, notes };
}

function stateOf(config: ExportConfigView): WhitelistState {
  return { enableExport: config.enableExport, entries: config.entries };
}
