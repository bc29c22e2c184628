// What the wizard detected in the pasted key, before anything else happens: curve,
// format, public key fingerprint (grouped), and for secp256k1 the Ethereum-style address.
import type { KeyReport } from '../../shared/core-types.ts';
import { CopyButton } from '../../shared/CopyButton.tsx';
import { ethereumAddress, groupedFingerprint } from './key-identity.ts';

export function DetectedKey({ report }: { report: KeyReport }) {
  const address = report.curve === 'secp256k1' ? ethereumAddress(report.spki) : undefined;
  return (
    <table className="report-fields" aria-label="Detected key" data-testid="detected-key">
      <tbody>
        <tr>
          <th scope="row">Curve</th>
          <td>{report.curve}</td>
        </tr>
        <tr>
          <th scope="row">Read as</th>
          <td>{report.format}</td>
        </tr>
        <tr>
          <th scope="row">Public key fingerprint</th>
          <td>
            <code className="mono" data-fingerprint={report.fingerprint}>
              {groupedFingerprint(report.fingerprint)}
            </code>{' '}
            <CopyButton value={report.fingerprint} label="Copy the public key fingerprint" />
          </td>
        </tr>
        {address !== undefined && (
          <tr>
            <th scope="row">Ethereum address</th>
            <td>
              <code className="mono">{address}</code> <CopyButton value={address} label="Copy the Ethereum address" />
            </td>
          </tr>
        )}
        <tr>
          <th scope="row">Public key (SPKI, base64)</th>
          <td>
            <code className="mono detail">{report.spki}</code>
          </td>
        </tr>
        <tr>
          <th scope="row">Chain code</th>
          <td>{report.chainCode ? 'Yes, taken from the key (BIP32)' : 'None in the key'}</td>
        </tr>
        {report.notes.map((note) => (
          <tr key={note}>
            <th scope="row">Note</th>
            <td>{note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
