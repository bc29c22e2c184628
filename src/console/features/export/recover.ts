// Export to this browser: every node wrapped its share under the same browser wrapping key,
// whose private half is a non-extractable CryptoKey. Unwrap each share with it, recombine,
// and verify the result against the site's public key before anything is shown
// (unwrapAndCombine checks the bundle's public key; this also checks that key is the one
// the keys page read from the nodes). recoverKeyText is the worker job
// (workers/recover-key.worker.ts): it encodes the key in every format the page may show and
// zeroes the key's bytes, so only the encoded text leaves the worker.
import { fromBase64, equalBytes, wipe } from '../../../crypto/bytes.ts';
import type { Bundle } from '../../../crypto/bundle.ts';
import type { CurveName } from '../../../crypto/curves.ts';
import { CryptoError } from '../../../crypto/errors.ts';
import { encodePrivateKey, type PrivateKeyOutputFormat } from '../../../crypto/private-key/encode.ts';
import type { PrivateKey } from '../../../crypto/private-key/types.ts';
import { unwrapAndCombine } from '../../../crypto/share-transfer.ts';
import { formatOptions } from './formats.ts';

export async function recoverKey(bundle: Bundle, privateKey: CryptoKey, sitePublicKey: string): Promise<PrivateKey> {
  if (!equalBytes(bundle.publicKey, fromBase64(sitePublicKey, 'sitePublicKey'))) {
    throw new CryptoError('verification-failed', 'the nodes exported shares of a key whose public key is not the site’s; nothing was recovered', { field: 'publicKey' });
  }
  return unwrapAndCombine(
    bundle,
    bundle.shares.map((s) => ({ index: s.index, key: privateKey })),
  );
}

export interface RecoverRequest {
  /** The shares every node wrapped under the browser wrapping key. */
  bundle: Bundle;
  /** That key's private half: non-extractable, and still so after crossing to the worker. */
  privateKey: CryptoKey;
  /** Base64 DER SPKI, as the keys page read it from the nodes. */
  sitePublicKey: string;
}

export type EncodedKey = { ok: true; text: string } | { ok: false; message: string };

/** The verified key as the page shows it: its curve, and its text in each offered format. */
export interface RecoveredKeyText {
  curve: CurveName;
  /** One entry per format formatOptions(curve) offers; why not, where encoding failed. */
  encoded: Partial<Record<PrivateKeyOutputFormat, EncodedKey>>;
}

export async function recoverKeyText({ bundle, privateKey, sitePublicKey }: RecoverRequest): Promise<RecoveredKeyText> {
  const key = await recoverKey(bundle, privateKey, sitePublicKey);
  try {
    const encoded: RecoveredKeyText['encoded'] = {};
    for (const option of formatOptions(key.curve)) {
      if (!option.available) continue;
      try {
        encoded[option.format] = { ok: true, text: encodePrivateKey(key, option.format) };
      } catch (e) {
        encoded[option.format] = { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
    }
    return { curve: key.curve, encoded };
  } finally {
    wipe(key.scalar, key.seed, key.chainCode);
  }
}
