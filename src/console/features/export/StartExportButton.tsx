// Start an export after the whitelist pre-check: the plain button when every node admits
// its wrapping key, otherwise one that says the refusing nodes will fail the session.
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
