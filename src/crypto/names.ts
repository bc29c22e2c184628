// The names the protocol schemas share with the crypto core — curve names and the key-ID
// pattern — kept free of dependencies, so a schema that mentions a curve does not pull the
// curve arithmetic into the console's first page.

export type CurveName = 'secp256k1' | 'P-256' | 'P-384' | 'Ed25519';
export const CURVE_NAMES: readonly CurveName[] = ['secp256k1', 'P-256', 'P-384', 'Ed25519'];

/** A key ID: what bundles, sessions and node stores use to name a key. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
