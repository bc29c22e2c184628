// The plan's picture in data: one row per pair (exporting node i — its counterpart i) with
// the pair's state in words, and a dashed line for every cross-index entry (node i lists
// counterpart j's key). The component draws it; colour is never the only carrier, every
// line has its state's word next to it and the legend says what each looks like.
import type { PairState } from '../../../client/pairing-plan.ts';
import type { Direction } from '../../../client/pairing-state.ts';

export const PAIR_STATES: readonly PairState[] = ['paired', 'missing', 'wrong-counterpart', 'wildcard', 'extra-entries', 'export-disabled'];

/** A pair state as it is shown next to its line and in the legend. */
export const STATE_LABEL: Record<PairState, string> = {
  paired: 'Paired',
  missing: 'Missing',
  'wrong-counterpart': 'Wrong counterpart',
  wildcard: 'Wildcard',
  'extra-entries': 'Extra entries',
  'export-disabled': 'Export disabled',
};

/** The legend's sentence for each state (and how its line looks, for who cannot tell colours apart). */
export const STATE_MEANING: Record<PairState, string> = {
  paired: 'solid line: the whitelist holds exactly the counterpart’s key, export on — nothing to change',
  missing: 'dotted line: the counterpart’s key is not on the whitelist — it will be added',
  'wrong-counterpart': 'dashed line, with a diagonal arrow to the node whose key is listed: a cross-index entry — it will be replaced',
  wildcard: 'double line: the whitelist is "*" and admits every key — it will be replaced',
  'extra-entries': 'line with dots: other keys beside the counterpart’s — they will be removed unless kept',
  'export-disabled': 'thin line: the key is listed but EnableExport is off — export will be turned on',
};

export interface PictureRow {
  index: number;
  state: PairState;
  label: string;
}

export interface CrossLine {
  from: number;
  to: number;
}

export interface Picture {
  from: string;
  to: string;
  rows: PictureRow[];
  cross: CrossLine[];
  /** How many pairs are in each state, in legend order (states that occur, and paired always). */
  counts: Array<{ state: PairState; count: number }>;
}

export function pictureOf(direction: Direction): Picture {
  const rows = direction.plans.map((p) => ({ index: p.index, state: p.state, label: STATE_LABEL[p.state] }));
  const cross = direction.plans.flatMap((p) => p.crossIndex.map((to) => ({ from: p.index, to })));
  const counts = PAIR_STATES.map((state) => ({ state, count: rows.filter((r) => r.state === state).length }));
  return { from: direction.from, to: direction.to, rows, cross, counts };
}

/** "3 of 3 pairs paired" / "1 of 3 pairs paired; missing: 1; wildcard: 1". */
export function pictureSummary(p: Picture): string {
  const paired = p.counts.find((c) => c.state === 'paired')!.count;
  const rest = p.counts.filter((c) => c.state !== 'paired' && c.count > 0).map((c) => `${STATE_LABEL[c.state].toLowerCase()}: ${c.count}`);
  return [`${p.from} → ${p.to}: ${paired} of ${p.rows.length} pairs paired`, ...rest].join('; ');
}
