// What every private-key parser returns: the scalar in the bundle's big-endian form,
// plus what came with it (Ed25519 seed, BIP32 chain code, network) and the format
// it was read from, so the operator can be shown what was detected.
import type { CurveName } from '../curves.ts';

export type PrivateKeyFormat =
  | 'hex'
  | 'ed25519-seed-hex'
  | 'ed25519-scalar-hex'
  | 'ed25519-keypair-hex'
  | 'raw'
  | 'pkcs8-pem'
  | 'pkcs8-der'
  | 'sec1-pem'
  | 'sec1-der'
  | 'jwk'
  | 'wif'
  | 'xprv'
  | 'bundle';

export interface PrivateKey {
  curve: CurveName;
  /** Private scalar, big-endian, curve.scalarBytes long, 1 ≤ s < n. For Ed25519: the clamped scalar. */
  scalar: Uint8Array;
  /** Ed25519 only, when the input held the RFC 8032 seed rather than the scalar. */
  seed?: Uint8Array;
  /** BIP32 chain code (32 bytes), from an xprv or given alongside. */
  chainCode?: Uint8Array;
  /** Encoded public key: uncompressed SEC1 point, or the 32-byte Ed25519 point. */
  publicKey: Uint8Array;
  format: PrivateKeyFormat;
  network?: 'mainnet' | 'testnet';
  /** WIF: whether the key asked for a compressed public key. */
  compressed?: boolean;
}

export interface ParsePrivateKeyOptions {
  /** Curve for inputs that do not name one (hex, raw bytes). Default secp256k1. */
  curve?: CurveName;
  /**
   * How to read 32 bare bytes (hex or raw) for Ed25519: an RFC 8032 seed or an exported
   * scalar. Required for such input: both readings are valid keys, so there is no default.
   */
  ed25519Hex?: 'seed' | 'scalar';
}
