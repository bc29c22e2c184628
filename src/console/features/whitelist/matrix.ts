// The site-wide whitelist matrix: nodes × keys, saying for every pair whether an export
// session on that node would wrap under that key. Rows are every key some node lists plus
// every wrapping key the console knows (other sites' nodes', this browser's), so an operator also
// sees the keys no node admits yet. Each cell is the one rule `admits`
// (src/protocol/export-whitelist.ts) the nodes enforce. Pure; no React.
import { admits } from '../../../protocol/export-whitelist.ts';
import type { ExportConfigView } from '../../../client/export-config.ts';
import type { KnownKey } from './origins.ts';

/** admits: export on and listed (or "*"); listed-export-off: listed, but EnableExport is off. */
export type Cell = 'admits' | 'admits-wildcard' | 'listed-export-off' | 'refuses' | 'unknown';

export interface MatrixColumn {
  index: number;
  /** undefined while loading or when the node could not be read. */
  config: ExportConfigView | undefined;
}

export interface MatrixRow {
  fingerprint: string;
  bits: number | undefined;
  origins: string[];
  cells: Cell[];
  /** Indexes of the nodes whose config was read and that would refuse the key. */
  refusedBy: number[];
}

/** `site`: the site of the columns; its own nodes' keys are rows only when some node lists them. */
export function buildMatrix(site: string, columns: readonly MatrixColumn[], knownKeys: readonly KnownKey[], origins: Map<string, string[]>): MatrixRow[] {
  const bits = new Map<string, number | undefined>();
  for (const c of columns) for (const e of c.config?.entries ?? []) if (e.fingerprint !== undefined) bits.set(e.fingerprint, e.rsaBits);
  const listed = new Set(bits.keys());
  for (const k of knownKeys) {
    const ownNode = k.source.kind === 'node' && k.source.site === site;
    if (!bits.has(k.fingerprint) && !ownNode) bits.set(k.fingerprint, k.bits);
  }

  const rows = [...bits].map(([fingerprint, size]): MatrixRow => {
    const cells = columns.map((c) => cellFor(c.config, fingerprint));
    const refusedBy = columns.filter((_, i) => cells[i] === 'refuses' || cells[i] === 'listed-export-off').map((c) => c.index);
    return { fingerprint, bits: size, origins: origins.get(fingerprint) ?? [], cells, refusedBy };
  });
  // Keys some node lists first, then known keys nobody lists; each group by fingerprint.
  const rank = (r: MatrixRow) => (listed.has(r.fingerprint) ? 0 : 1);
  return rows.sort((a, b) => rank(a) - rank(b) || a.fingerprint.localeCompare(b.fingerprint));
}

function cellFor(config: ExportConfigView | undefined, fingerprint: string): Cell {
  if (config === undefined) return 'unknown';
  const admission = admits(config, fingerprint);
  return admission === 'export-disabled' || admission === 'not-whitelisted' ? 'refuses' : admission;
}

export const CELL_TEXT: Record<Cell, string> = {
  admits: 'Admits',
  'admits-wildcard': 'Admits (wildcard)',
  'listed-export-off': 'Refuses (export off)',
  refuses: 'Refuses',
  unknown: 'Unknown',
};
