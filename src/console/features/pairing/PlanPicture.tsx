// The plan's picture: the exporting site's nodes in the left column, their counterparts in
// the right, one line per pair drawn in its state's colour AND pattern, with the state's
// word on the line; dashed diagonals for cross-index entries. A legend in words below, so
// no one needs the colours to read it.
import type { PairState } from '../../../client/pairing-plan.ts';
import { PAIR_STATES, pictureSummary, STATE_LABEL, STATE_MEANING, type Picture } from './pair-picture.ts';

const ROW = 64;
const TOP = 40;
const BOX_W = 150;
const BOX_H = 40;
const WIDTH = 620;
const RIGHT_X = WIDTH - BOX_W - 10;
const LEFT_END = 10 + BOX_W;

const y = (index: number) => TOP + (index - 1) * ROW + BOX_H / 2;
/** A third of the way along a cross line, where its label clears the state labels. */
const along = (a: number, b: number) => a + (b - a) * 0.3;

/** Pattern per state (stroke-dasharray, width), the colour comes from the stylesheet (.pair-line-<state>). */
const PATTERN: Record<PairState, { dash?: string; width: number; double?: boolean }> = {
  paired: { width: 4 },
  missing: { dash: '2 7', width: 4 },
  'wrong-counterpart': { dash: '12 6', width: 3 },
  wildcard: { width: 2, double: true },
  'extra-entries': { dash: '14 4 3 4', width: 3 },
  'export-disabled': { width: 1.5 },
};

function Line({ state, x1, y1, x2, y2 }: { state: PairState; x1: number; y1: number; x2: number; y2: number }) {
  const p = PATTERN[state];
  const common = { className: `pair-line pair-line-${state}`, strokeWidth: p.width, ...(p.dash ? { strokeDasharray: p.dash } : {}) };
  if (!p.double) return <line x1={x1} y1={y1} x2={x2} y2={y2} {...common} />;
  return (
    <>
      <line x1={x1} y1={y1 - 3} x2={x2} y2={y2 - 3} {...common} />
      <line x1={x1} y1={y1 + 3} x2={x2} y2={y2 + 3} {...common} />
    </>
  );
}

/** A cross-index entry: thin, finely dashed, ending in an arrowhead at the node whose key is listed. */
function CrossLine({ x1, y1, x2, y2 }: { x1: number; y1: number; x2: number; y2: number }) {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const head = (a: number) => `${x2 - 10 * Math.cos(angle + a)},${y2 - 10 * Math.sin(angle + a)}`;
  return (
    <>
      <line x1={x1} y1={y1} x2={x2} y2={y2} className="pair-line pair-line-cross" strokeWidth={2} strokeDasharray="5 4" />
      <polygon points={`${x2},${y2} ${head(0.45)} ${head(-0.45)}`} className="pair-cross-head" />
    </>
  );
}

export function PlanPicture({ picture, fingerprints }: { picture: Picture; fingerprints: ReadonlyMap<string, string> }) {
  const height = TOP + picture.rows.length * ROW + 10;
  const short = (site: string, index: number) => fingerprints.get(`${site}/${index}`)?.slice(0, 12);
  return (
    <figure className="pair-picture" data-direction={`${picture.from}->${picture.to}`}>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={pictureSummary(picture)} className="pair-picture-svg">
        <text x={10 + BOX_W / 2} y={22} className="pair-column-title" textAnchor="middle">
          {picture.from} (exports)
        </text>
        <text x={RIGHT_X + BOX_W / 2} y={22} className="pair-column-title" textAnchor="middle">
          {picture.to} (imports)
        </text>
        {picture.cross.map((c) => (
          <g key={`x${c.from}-${c.to}`} data-cross={`${c.from}-${c.to}`}>
            <CrossLine x1={LEFT_END} y1={y(c.from)} x2={RIGHT_X} y2={y(c.to)} />
            <text
              x={along(LEFT_END, RIGHT_X)}
              y={along(y(c.from), y(c.to)) + 13}
              textAnchor="middle"
              className="pair-cross-label"
              transform={`rotate(${(Math.atan2(y(c.to) - y(c.from), RIGHT_X - LEFT_END) * 180) / Math.PI} ${along(LEFT_END, RIGHT_X)} ${along(y(c.from), y(c.to))})`}
            >
              node {c.from} lists node {c.to}’s key
            </text>
          </g>
        ))}
        {picture.rows.map((r) => (
          <g key={r.index} data-pair={r.index} data-state={r.state}>
            <Line state={r.state} x1={LEFT_END} y1={y(r.index)} x2={RIGHT_X} y2={y(r.index)} />
            <rect x={WIDTH / 2 - 70} y={y(r.index) - 11} width={140} height={22} rx={4} className={`pair-label-bg pair-label-${r.state}`} />
            <text x={WIDTH / 2} y={y(r.index) + 5} textAnchor="middle" className="pair-label">
              {r.label}
            </text>
            {[
              { x: 10, site: picture.from },
              { x: RIGHT_X, site: picture.to },
            ].map((b) => (
              <g key={b.site}>
                <rect x={b.x} y={y(r.index) - BOX_H / 2} width={BOX_W} height={BOX_H} rx={6} className="pair-node" />
                <text x={b.x + 10} y={y(r.index) - 3} className="pair-node-name">
                  {b.site} node {r.index}
                </text>
                <text x={b.x + 10} y={y(r.index) + 13} className="pair-node-fp">
                  {short(b.site, r.index) ?? ''}
                  {short(b.site, r.index) ? '…' : ''}
                </text>
              </g>
            ))}
          </g>
        ))}
      </svg>
      <figcaption>{pictureSummary(picture)}</figcaption>
    </figure>
  );
}

/** The legend, in words: each state with a sample of its line and what it means. */
export function PlanLegend() {
  return (
    <ul className="pair-legend" aria-label="Legend">
      {PAIR_STATES.map((s) => (
        <li key={s} data-legend={s}>
          <svg width="48" height="14" aria-hidden="true" focusable="false">
            <Line state={s} x1={2} y1={7} x2={46} y2={7} />
          </svg>
          <span>
            <strong>{STATE_LABEL[s]}</strong> — {STATE_MEANING[s]}
          </span>
        </li>
      ))}
      <li>
        <svg width="48" height="14" aria-hidden="true" focusable="false">
          <CrossLine x1={2} y1={12} x2={46} y2={3} />
        </svg>
        <span>
          <strong>Diagonal arrow</strong> — a cross-index entry: node i lists node j’s key (its share would go to the wrong node)
        </span>
      </li>
    </ul>
  );
}
