// The one way the console's UI gets a fingerprint (lowercase hex SHA-256 of a DER SPKI):
// computed by the crypto core, loaded on first use so the shell's bundle does not carry it.
// Pure modules that already hold the core (site-keys.ts, candidate.ts …) call it directly.

/** @param publicKey DER SPKI bytes, or their base64 as nodes and bundles carry them. */
export async function fingerprintOf(publicKey: Uint8Array | string): Promise<string> {
  const [{ fingerprint }, { fromBase64 }] = await Promise.all([import('../../crypto/public-key.ts'), import('../../crypto/bytes.ts')]);
  if (publicKey instanceof Uint8Array) return fingerprint(publicKey);
  const der = fromBase64(publicKey, 'publicKey');
  try {
    return fingerprint(der);
  } finally {
    der.fill(0);
  }
}
