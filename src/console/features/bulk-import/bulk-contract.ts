// The bulk import's contract with src/client/bulk-import.ts (importMany and the wrapper it
// drives), named once for the console's side. INTERIM: until the client module lands these
// mirror its published signatures; then this file only re-exports them.
import type { Bundle } from '../../../crypto/bundle.ts';

export interface BulkKeyInput {
  keyId: string;
  /** Where the key came from (file name, or file:line of a manifest), for the report. */
  source: string;
  /** The private key in any format the core reads. */
  key: string;
  /** 64 hex digits, for a key that does not carry its own chain code. */
  chainCode?: string;
}

export interface WrapTarget {
  index: number;
  /** base64 DER SPKI of the node's wrapping key. */
  spki: string;
  fingerprint: string;
}

export interface SplitWrapper {
  wrap(items: readonly BulkKeyInput[], targets: readonly WrapTarget[], threshold: number): Promise<Array<{ keyId: string; bundle?: Bundle; publicKey?: string; error?: string }>>;
  close?(): void;
}
