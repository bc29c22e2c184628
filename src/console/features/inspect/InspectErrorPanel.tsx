// Why a key could not be inspected: the core's sentence, the field and code, and every
// format auto-detection tried.
import type { InspectFailure } from './inspect-failure.ts';

export function InspectErrorPanel({ failure }: { failure: InspectFailure }) {
  return (
    <section role="alert" aria-labelledby="inspect-error-heading" className="card panel-error">
      <h2 id="inspect-error-heading">Could not inspect this key</h2>
      <p className="error-message">{failure.message}</p>
      {(failure.field !== undefined || failure.code !== undefined) && (
        <p className="error-meta">
          {failure.field !== undefined && (
            <span>
              Field: <code>{failure.field}</code>
            </span>
          )}
          {failure.code !== undefined && (
            <span>
              Code: <code>{failure.code}</code>
            </span>
          )}
        </p>
      )}
      {failure.tried.length > 0 && (
        <>
          <h3 id="inspect-error-tried">Formats tried</h3>
          <ul className="tried-list" aria-labelledby="inspect-error-tried">
            {failure.tried.map((attempt, i) => (
              <li key={i}>{attempt}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
