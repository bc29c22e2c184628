// Parse, split and wrap: the import wizard's job in its worker (workers/split-wrap.worker.ts),
// kept apart from the worker so it is unit-tested in Node. The plaintext key goes in; only
// the bundle (wrapped shares, public key) and whether a chain code came along come out. The
// scalar and chain code are zeroed once the shares are wrapped; a binary input once read.
import type { Bundle } from '../../../crypto/bundle.ts';
import { fromHex, wipe } from '../../../crypto/bytes.ts';
import { CryptoError } from '../../../crypto/errors.ts';
import type { InspectOptions } from '../../../crypto/inspect.ts';
import { parsePrivateKey } from '../../../crypto/private-key/parse.ts';
import { splitAndWrap } from '../../../crypto/share-transfer.ts';

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

export interface SplitWrapResult {
  bundle: Bundle;
  chainCode: 'none' | 'from-key' | 'added';
}

export async function splitWrap(request: SplitWrapRequest): Promise<SplitWrapResult> {
  const key = parsePrivateKey(request.input, request.options);
  if (request.input instanceof Uint8Array) wipe(request.input);
  let chainCode: SplitWrapResult['chainCode'] = key.chainCode === undefined ? 'none' : 'from-key';
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
    return { bundle, chainCode };
  } finally {
    wipe(key.scalar, key.seed, key.chainCode);
  }
}
