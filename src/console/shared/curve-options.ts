// The curves an operator can pick for a bare hex private key (the only input whose
// curve the text cannot reveal). Keyed by CurveName so the type checker flags a curve
// the core adds and the console forgot.
import type { CurveName } from '../../crypto/curves.ts';

const CURVE_LABELS: Readonly<Record<CurveName, string>> = {
  secp256k1: 'secp256k1',
  'P-256': 'P-256 (secp256r1)',
  'P-384': 'P-384 (secp384r1)',
  Ed25519: 'Ed25519',
};

export const DEFAULT_CURVE: CurveName = 'secp256k1';

export const CURVE_OPTIONS: ReadonlyArray<{ value: CurveName; label: string }> = (
  ['secp256k1', 'P-256', 'P-384', 'Ed25519'] as const
).map((value) => ({ value, label: CURVE_LABELS[value] }));

export function isCurveName(value: string): value is CurveName {
  return Object.hasOwn(CURVE_LABELS, value);
}
