// Parse, split and wrap: the work of the import wizard's worker (split-wrap.worker.ts), kept
// apart from the worker's message handling so it is unit-tested in Node. The scalar and
// chain code are zeroed once the shares are wrapped; a binary input is zeroed once read.
import { fromHex, wipe } from '../../../crypto/bytes.ts';
import { CryptoError } from '../../../crypto/errors.ts';
import { parsePrivateKey } from '../../../crypto/private-key/parse.ts';
import { splitAndWrap } from '../../../crypto/share-transfer.ts';
import type { SplitWrapRequest, SplitWrapResponse } from './split-wrap-messages.ts';

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
      wrappingKeys: request.wrappingKeys,
      ...(request.keyId === undefined ? {} : { keyId: request.keyId }),
    });
    return { ok: true, bundle, chainCode };
  } finally {
    wipe(key.scalar, key.seed, key.chainCode);
  }
}

