// Where the nodes' parameters for one session differ: each node's SessionView.parameters
// compared field by field (values compared as canonical JSON), plus what a node's own
// mismatch failure names (`failure.field`, `failure.sides`), which can be a field the
// views do not carry (import's chain-code hash).
import type { SessionView } from '../../../client/sessions.ts';

export interface DiffSide {
  /** undefined: the node's parameters do not have the field. */
  value: unknown;
  nodes: number[];
}

export interface FieldDiff {
  field: string;
  sides: DiffSide[];
  /** Named by a node's mismatch failure. */
  reported: boolean;
}

/** JSON with object keys sorted, so equal values compare equal. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fields on which the given nodes' parameters differ, in field-name order. */
export function compareParameters(views: ReadonlyArray<Pick<SessionView, 'node' | 'parameters'>>): FieldDiff[] {
  const fields = new Set<string>();
  for (const v of views) for (const k of Object.keys(v.parameters)) fields.add(k);
  const diffs: FieldDiff[] = [];
  for (const field of [...fields].sort()) {
    const groups = new Map<string, DiffSide>();
    for (const v of [...views].sort((a, b) => a.node - b.node)) {
      const value = v.parameters[field];
      const key = canonicalJson(value);
      const side = groups.get(key);
      if (side) side.nodes.push(v.node);
      else groups.set(key, { value, nodes: [v.node] });
    }
    if (groups.size > 1) diffs.push({ field, sides: [...groups.values()], reported: false });
  }
  return diffs;
}

/** compareParameters, with the field a node's mismatch failure names marked (or added when the views agree on it). */
export function mismatchDiff(views: readonly SessionView[]): FieldDiff[] {
  const diffs = compareParameters(views);
  for (const v of views) {
    const f = v.failure;
    if (f?.reason !== 'mismatch' || f.field === undefined) continue;
    const known = diffs.find((d) => d.field === f.field);
    if (known) known.reported = true;
    else if (f.sides !== undefined) diffs.push({ field: f.field, sides: f.sides.map((s) => ({ value: s.value, nodes: [...s.nodes] })), reported: true });
  }
  return diffs;
}

/** A parameter value as one line: strings as they are, long ones shortened in the middle. */
export function valueText(value: unknown, max = 48): string {
  if (value === undefined) return '(not set)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max / 2)}…${text.slice(-max / 2 + 1)}` : text;
}
