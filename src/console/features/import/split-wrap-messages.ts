// The messages between the import wizard and its split-and-wrap worker. The plaintext key
// goes in; only the bundle (wrapped shares, public key) and the public description of the
// key come out.
import type { Bundle } from '../../../crypto/bundle.ts';
import type { InspectOptions } from '../../../crypto/inspect.ts';

export interface SplitWrapRequest {
  /** The private key as the operator gave it: text, or a binary file's bytes (transferred, then zeroed). */
  input: string | Uint8Array;
  options: InspectOptions;
  /** 64 hex digits, when the operator adds a chain code the input does not carry. */
  chainCodeHex?: string;
  threshold: number;
  /** One wrapping key per node, node-index order, base64 DER SPKI. */
  wrappingKeys: string[];
  keyId?: string;
}

export type SplitWrapResponse =
  | { ok: true; bundle: Bundle; chainCode: 'none' | 'from-key' | 'added' }
  | { ok: false; message: string; field?: string };
