// The import wizard's worker: splits a private key into Shamir shares and wraps each for
// its node off the page. The page hands over the key, gets back a keyferry-bundle/1, and
// clears its own copy.
import { isCryptoError } from '../../../crypto/errors.ts';
import type { SplitWrapRequest, SplitWrapResponse } from './split-wrap-messages.ts';
import { splitWrap } from './split-wrap.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<SplitWrapRequest>) => {
  let response: SplitWrapResponse;
  try {
    response = await splitWrap(event.data);
  } catch (error) {
    response = isCryptoError(error)
      ? { ok: false, message: error.message, ...(error.field === undefined ? {} : { field: error.field }) }
      : { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response);
};
