// The export's two actions around the whitelist pre-check: start (the plain button when
// every node admits its wrapping key, otherwise one that says the refusing nodes will fail
// the session), and check again after a failed session.
export function StartExportButton({ admitted, target, onStart }: { admitted: boolean; target: string; onStart: () => void }) {
  return (
    <div className="form-actions">
      {admitted ? (
        <button type="button" className="button button-primary" onClick={onStart}>
          Start the export to {target}
        </button>
      ) : (
        <button type="button" className="button button-danger-outline" onClick={onStart}>
          Start anyway (the refusing nodes will fail the session)
        </button>
      )}
    </div>
  );
}

export function RecheckButton({ onRecheck }: { onRecheck: () => void }) {
  return (
    <div className="form-actions">
      <button type="button" className="button" onClick={onRecheck}>
        Check the whitelists again
      </button>
    </div>
  );
}
