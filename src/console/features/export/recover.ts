// Export to this browser: every node wrapped its share under the same browser wrapping key,
// whose private half is a non-extractable CryptoKey. Unwrap each share with it, recombine,
// and verify the result against the site's public key before anything is shown
// (unwrapAndCombine checks the bundle's public key; this also checks that key is the one
// the keys page read from the nodes).
import { fromBase64, equalBytes } from '../../../crypto/bytes.ts';
import type { Bundle } from '../../../crypto/bundle.ts';
import { CryptoError } from '../../../crypto/errors.ts';
import type { PrivateKey } from '../../../crypto/private-key/types.ts';
import { unwrapAndCombine } from '../../../crypto/share-transfer.ts';

export async function recoverKey(bundle: Bundle, privateKey: CryptoKey, sitePublicKey: string): Promise<PrivateKey> {
  if (!equalBytes(bundle.publicKey, fromBase64(sitePublicKey, 'sitePublicKey'))) {
    throw new CryptoError('verification-failed', 'the nodes exported shares of a key whose public key is not the site’s; nothing was recovered', { field: 'publicKey' });
  }
  return unwrapAndCombine(
    bundle,
    bundle.shares.map((s) => ({ index: s.index, key: privateKey })),
  );
}
