// The target site's nodes and the wrapping key each will unwrap its share with, by
// fingerprint; the operator may pin the fingerprint they expect for any node (read from
// the node's operator over another channel). A mismatch stops the wizard.
import { useId } from 'react';
import { CopyButton } from '../../shared/CopyButton.tsx';
import { checkPin, groupedFingerprint } from './key-identity.ts';
import type { NodeWrappingKey } from './use-site-wrapping-keys.ts';

export interface TargetNodesProps {
  site: string;
  nodes: readonly NodeWrappingKey[];
  pins: Record<number, string>;
  onPin: (index: number, text: string) => void;
}

export function TargetNodes({ site, nodes, pins, onPin }: TargetNodesProps) {
  const id = useId();
  return (
    <div className="table-scroll">
      <table className="node-table" aria-label={`Wrapping keys of site ${site}`}>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Wrapping key fingerprint (SHA-256 of SPKI)</th>
            <th scope="col">Expected fingerprint (optional pin)</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => {
            const actual = node.state === 'ready' ? node.fingerprint : undefined;
            const check = checkPin(pins[node.index] ?? '', actual);
            const hintId = `${id}-${node.index}-pin`;
            return (
              <tr key={node.index} data-pin={check.state}>
                <th scope="row">Node {node.index}</th>
                <td>
                  {node.state === 'loading' && <span className="muted">Reading…</span>}
                  {node.state === 'failed' && <span className="field-error">Could not read its wrapping key: {node.reason}.</span>}
                  {node.state === 'ready' && (
                    <>
                      <code className="mono" data-testid={`node-${node.index}-fingerprint`}>
                        {groupedFingerprint(node.fingerprint)}
                      </code>{' '}
                      <CopyButton value={node.fingerprint} label={`Copy node ${node.index}'s wrapping key fingerprint`} />
                      <span className="node-url">RSA {node.bits}</span>
                    </>
                  )}
                </td>
                <td>
                  <input
                    type="text"
                    className="mono pin-input"
                    aria-label={`Expected fingerprint of node ${node.index}`}
                    aria-describedby={hintId}
                    aria-invalid={check.state === 'invalid' || check.state === 'mismatch'}
                    value={pins[node.index] ?? ''}
                    onChange={(e) => onPin(node.index, e.target.value)}
                    spellCheck={false}
                    autoComplete="off"
                  />
                  <p id={hintId} className={check.state === 'match' ? 'field-ok' : check.state === 'none' ? 'hint' : 'field-error'}>
                    {check.state === 'none' && 'Not pinned.'}
                    {check.state === 'match' && 'Matches.'}
                    {(check.state === 'invalid' || check.state === 'mismatch') && check.message}
                  </p>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
