// The BYOK page's result: the wrapped file in the target's native form (downloaded at
// once, and again on demand), what was sent, and the next command to run, copyable.
// Nothing here is secret: the file opens only with the KMS's private key.
import { useId } from 'react';
import { CopyButton } from '../../shared/CopyButton.tsx';
import type { ByokResult } from './byok-job.ts';
import { downloadBytes } from '../../shared/download.ts';
import { TARGET_NAMES, type ByokTarget } from './target-facts.ts';
import { materialWords } from './byok-words.ts';

export function ByokResultPanel({ target, result, onDone }: { target: ByokTarget; result: ByokResult; onDone: () => void }) {
  const id = useId();
  const { artifact } = result;
  return (
    <section aria-labelledby={`${id}-heading`} className="card byok-result" data-testid="byok-result">
      <h2 id={`${id}-heading`}>Wrapped for {TARGET_NAMES[target]}</h2>
      <p role="status">
        {materialWords(result.material)} wrapped under the key with fingerprint <span className="mono">{result.wrappingKeyFingerprint.slice(0, 16)}…</span> and
        saved as <strong className="mono">{artifact.fileName}</strong>.
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => downloadBytes(artifact.fileName, artifact.bytes, artifact.mediaType)}>
          Download {artifact.fileName} again
        </button>
        <button type="button" className="button" onClick={onDone}>
          Wrap another key
        </button>
      </div>
      <h3 id={`${id}-next`}>Next</h3>
      <p className="hint">Run this where the KMS's own tool is set up; fill in any &lt;placeholder&gt; left.</p>
      <pre className="byok-command mono" aria-labelledby={`${id}-next`} tabIndex={0}>
        {artifact.nextCommand}
      </pre>
      <CopyButton value={artifact.nextCommand} label="Copy the next command" />
    </section>
  );
}
