// Where a node enforces its export whitelist. Before an export session runs, each node
// takes the wrapping key meant for its own index and asks the one rule
// (src/protocol/export-whitelist.ts `admits`) whether its export configuration lets it
// wrap its share under that key: EnableExport on, and the key on ExportWhiteList or the
// list "*". A refusal fails the session on every node, before any share is touched.
import { isCryptoError } from '../../crypto/errors.ts';
import { fingerprint, parseWrappingKey } from '../../crypto/public-key.ts';
import { admits, isAdmitted } from '../../protocol/export-whitelist.ts';
import type { ExportConfigRow } from '../store/repository.ts';
import { fail } from './failure.ts';

/** Throws SessionFailed (invalid-parameters, export-disabled, not-whitelisted) unless node `me` may wrap under `wrappingKey`. */
export function enforceExportWhitelist(config: ExportConfigRow, me: number, wrappingKey: string): void {
  // EnableExport = false refuses whatever the key is, even one this node cannot read.
  if (!config.enableExport) fail('export-disabled', `node ${me} has export disabled (EnableExport = false)`, { node: me });
  const field = `wrappingKeys[${me - 1}]`;
  let fp: string;
  try {
    fp = fingerprint(parseWrappingKey(wrappingKey, field).der);
  } catch (e) {
    fail('invalid-parameters', `node ${me}: ${isCryptoError(e) ? e.message : 'the wrapping key for this node is not usable'}`, { node: me, field });
  }
  if (!isAdmitted(admits(config, fp))) {
    fail('not-whitelisted', `node ${me} refuses to export under wrapping key ${fp.slice(0, 16)}…: it is not on node ${me}'s ExportWhiteList`, { node: me });
  }
}
