// Parse, split and wrap: the work of the import wizard's worker (split-wrap.worker.ts), kept
// apart from the worker's message handling so it is unit-tested in Node. The scalar and
// chain code are zeroed once the shares are wrapped; a binary input is zeroed once read.
import { fromHex, wipe } from '../../../crypto/bytes.ts';
import { CryptoError } from '../../../crypto/errors.ts';
import { parsePrivateKey } from '../../../crypto/private-key/parse.ts';
import { toRsaPublicKey, type RsaPublicKey } from '../../../crypto/rsa-oaep.ts';
import { splitAndWrap } from '../../../crypto/share-transfer.ts';
import type { SplitWrapRequest, SplitWrapResponse } from './split-wrap-messages.ts';

/**
 * Wrapping keys parsed once per worker (by their base64 text), so the RSA keys imported
 * into Web Crypto for them are reused across requests: the core caches an imported key per
 * parsed-key object.
 */
const parsedKeys = new Map<string, RsaPublicKey>();

function wrappingKey(text: string, index: number): RsaPublicKey {
  let key = parsedKeys.get(text);
  if (key === undefined) {
    key = toRsaPublicKey(text, `wrappingKeys[${index}]`);
    parsedKeys.set(text, key);
  }
  return key;
}

export async function splitWrap(request: SplitWrapRequest): Promise<Extract<SplitWrapResponse, { ok: true }>> {
  const key = parsePrivateKey(request.input, request.options);
  if (request.input instanceof Uint8Array) wipe(request.input);
  let chainCode: 'none' | 'from-key' | 'added' = key.chainCode === undefined ? 'none' : 'from-key';
  try {
    if (request.chainCodeHex !== undefined) {
      const given = fromHex(request.chainCodeHex, 'chainCode');
      if (given.length !== 32) throw new CryptoError('invalid-argument', `chainCode: expected 32 bytes (64 hex digits), got ${given.length}`, { field: 'chainCode' });
      if (key.chainCode !== undefined) throw new CryptoError('invalid-argument', 'chainCode: the key already carries a chain code (xprv); leave the field empty', { field: 'chainCode' });
      key.chainCode = given;
      chainCode = 'added';
    }
    const bundle = await splitAndWrap({
      key,
      threshold: request.threshold,
      wrappingKeys: request.wrappingKeys.map(wrappingKey),
      ...(request.keyId === undefined ? {} : { keyId: request.keyId }),
    });
    return { ok: true, bundle, chainCode };
  } finally {
    wipe(key.scalar, key.seed, key.chainCode);
  }
}

