// The report on an inspected key: a two-column table, one row per fact (row header =
// label), each with a Copy button in a third column.
import { useState } from 'react';
import type { KeyReport } from '../../shared/core-types.ts';
import { CopyButton } from '../../shared/CopyButton.tsx';
import { reportFields, reportSummary } from './report-fields.ts';

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function KeyReportPanel({ report }: { report: KeyReport }) {
  const [announcement, setAnnouncement] = useState('');
  const announce = (what: string) => (result: 'copied' | 'failed') =>
    setAnnouncement(result === 'copied' ? `${what} copied.` : `Could not copy ${lowerFirst(what)}: select the text and copy it.`);

  return (
    <section aria-labelledby="report-heading" className="card panel-report">
      <h2 id="report-heading">Report</h2>
      <p className="report-summary">{reportSummary(report)}</p>
      {report.kind === 'private-key' && (
        <p className="callout">
          This is a private key. It was read in this browser only and was not sent or stored; the report below
          holds no secret material.
        </p>
      )}
      <table className="report-fields" aria-labelledby="report-heading">
        <tbody>
          {reportFields(report).map((field) => {
            const hintId = `report-${field.id}-hint`;
            const valueClass = ['report-value', field.monospace && 'mono', field.long && 'long'].filter(Boolean).join(' ');
            return (
              <tr key={field.id}>
                <th scope="row">
                  {field.label}
                  {/* Shown under the label; read as the value's description, not as part of the label. */}
                  {field.hint !== undefined && (
                    <span id={hintId} className="hint" aria-hidden="true">
                      {field.hint}
                    </span>
                  )}
                </th>
                <td aria-describedby={field.hint !== undefined ? hintId : undefined}>
                  <span className={valueClass}>{field.display}</span>
                  {field.detail !== undefined && <code className="detail">{field.detail}</code>}
                </td>
                <td className="report-copy">
                  <CopyButton value={field.copy} label={`Copy ${lowerFirst(field.label)}`} onResult={announce(field.label)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.notes.length > 0 && (
        <section aria-labelledby="report-notes-heading" className="report-notes">
          <div className="report-notes-header">
            <h3 id="report-notes-heading">Notes</h3>
            <CopyButton value={report.notes.join('\n')} label="Copy notes" onResult={announce('Notes')} />
          </div>
          <ul>
            {report.notes.map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
        </section>
      )}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </section>
  );
}
