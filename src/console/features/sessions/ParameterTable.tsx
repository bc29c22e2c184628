// A session's parameters as a table of field and value (long values wrap; arrays one per line).
import { valueText } from './parameter-diff.ts';

export function ParameterTable({ parameters, label }: { parameters: Record<string, unknown>; label: string }) {
  const fields = Object.keys(parameters).sort();
  if (fields.length === 0) return <p className="muted">No parameters reported.</p>;
  return (
    <table className="report-fields session-parameters" aria-label={label}>
      <tbody>
        {fields.map((f) => (
          <tr key={f}>
            <th scope="row">{f}</th>
            <td className="mono">
              {Array.isArray(parameters[f]) ? (
                <ol className="parameter-list">
                  {(parameters[f] as unknown[]).map((v, i) => (
                    <li key={i} title={typeof v === 'string' ? v : undefined}>
                      {valueText(v, 64)}
                    </li>
                  ))}
                </ol>
              ) : (
                <span className="parameter-value">{valueText(parameters[f], 200)}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
