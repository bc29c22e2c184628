// The dashboard's fail-over pairings: for each pairing the connected sites' nodes record,
// whether it holds ("paired with … (one way)") or not, every problem as an alarm naming
// its node, and each node pair's state. What the words say is in pairing-health.ts; this
// only lays it out (alarm colour always comes with the word "Alarm").
import { Link } from '@tanstack/react-router';
import type { Site } from '../sites/parse-profile.ts';
import { healthView, type HealthView, type NodeHealth } from './pairing-health.ts';
import { HEALTH_REFRESH_MS, type PairingHealthEntry } from './pairing-monitor.ts';

export function PairingHealthPanels({ entries, sites }: { entries: readonly PairingHealthEntry[]; sites: readonly Site[] }) {
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="pairings-heading" className="pairing-health-list">
      <h2 id="pairings-heading">Fail-over pairings</h2>
      {entries.map(({ pairing, check, checkedAt }) => {
        const site = sites.find((s) => s.name === pairing.main) ?? sites.find((s) => s.name === pairing.failover);
        const indices = site?.nodes.map((n) => n.index) ?? [];
        return (
          <PairingHealthPanel
            key={pairing.id}
            title={`${pairing.main} → ${pairing.failover}`}
            sites={[pairing.main, pairing.failover]}
            view={healthView(pairing, check, indices)}
            checkedAt={checkedAt}
          />
        );
      })}
    </section>
  );
}

function PairingHealthPanel({ title, sites, view, checkedAt }: { title: string; sites: [string, string]; view: HealthView; checkedAt: number | undefined }) {
  const headingId = `pairing-${title.replace(/[^A-Za-z0-9_-]/g, '-')}-heading`;
  const indices = [...new Set(view.nodes.map((n) => n.index))];
  const cell = (site: string, index: number) => view.nodes.find((n) => n.site === site && n.index === index);
  return (
    <section className={`card pairing-health pairing-health-${view.tone}`} aria-labelledby={headingId} data-tone={view.tone}>
      <h3 id={headingId}>Pairing {title}</h3>
      <p role="status" aria-label={`Pairing health of ${title}`} className="pairing-health-headline">
        {view.tone === 'alarm' && <span className="badge badge-error">Alarm</span>} {view.tone === 'ok' && <span className="badge badge-ok">OK</span>}{' '}
        {view.headline}
      </p>
      {view.detail !== undefined && <p className="muted">{view.detail}</p>}
      {checkedAt !== undefined && (
        <p className="muted pairing-checked-at">
          Read from the nodes at <time dateTime={new Date(checkedAt).toISOString()}>{new Date(checkedAt).toLocaleTimeString()}</time>; read again on every change a
          node reports and every {Math.round(HEALTH_REFRESH_MS / 1000)} s.
        </p>
      )}
      {view.alarms.length > 0 && (
        <ul aria-label={`Alarms for ${title}`} className="pairing-alarms">
          {view.alarms.map((a) => (
            <li key={`${a.where}-${a.code}-${a.message}`} data-code={a.code}>
              <strong>Alarm — {a.title}</strong> ({a.where}): {a.message}
            </li>
          ))}
        </ul>
      )}
      {view.keysMissing !== undefined && view.keysMissing > 0 && (
        <p className="pairing-keys-missing">
          {view.keysMissing} key{view.keysMissing === 1 ? '' : 's'} on {sites[0]} {view.keysMissing === 1 ? 'is' : 'are'} not on {sites[1]} yet.{' '}
          <Link to="/pairing">Copy them on the pairing page</Link>.
        </p>
      )}
      {indices.length > 0 && (
        <div className="table-scroll">
          <table className="node-table" aria-label={`Node pairs of ${title}`}>
            <thead>
              <tr>
                <th scope="col">Pair</th>
                <th scope="col">{sites[0]}</th>
                <th scope="col">{sites[1]}</th>
              </tr>
            </thead>
            <tbody>
              {indices.map((index) => (
                <tr key={index}>
                  <th scope="row">Node {index}</th>
                  <NodeCell health={cell(sites[0], index)} />
                  <NodeCell health={cell(sites[1], index)} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NodeCell({ health }: { health: NodeHealth | undefined }) {
  if (health === undefined) return <td className="muted">—</td>;
  const badge = health.state === 'paired' ? 'badge badge-ok' : health.state === 'problem' ? 'badge badge-error' : 'badge badge-muted';
  return (
    <td data-state={health.state}>
      <span className={badge}>{health.state === 'problem' ? `Alarm: ${health.text}` : health.text}</span>
    </td>
  );
}
