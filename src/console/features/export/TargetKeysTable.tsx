// The wrapping keys an export will use, one row per node.
import type { TargetKey } from './target-keys.ts';

export function TargetKeysTable({ keys, caption }: { keys: readonly TargetKey[]; caption: string }) {
  return (
    <div className="table-scroll">
      <table className="node-table" aria-label={caption}>
        <thead>
          <tr>
            <th scope="col">Share of node</th>
            <th scope="col">Wrapped under (fingerprint)</th>
            <th scope="col">Size</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k, i) => (
            <tr key={i}>
              <th scope="row">Node {i + 1}</th>
              <td className="mono export-fingerprint">{k.fingerprint}</td>
              <td>RSA {k.bits}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
