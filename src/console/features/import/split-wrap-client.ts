// Runs one split-and-wrap in a fresh worker (split-wrap.worker.ts) and terminates it: the
// plaintext key never outlives the call in the worker, and the page's copy of a binary
// key is transferred (detached) rather than copied.
import type { SplitWrapRequest, SplitWrapResponse } from './split-wrap-messages.ts';

export class SplitWrapError extends Error {
  override readonly name = 'SplitWrapError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function splitWrapInWorker(request: SplitWrapRequest): Promise<Extract<SplitWrapResponse, { ok: true }>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./split-wrap.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<SplitWrapResponse>) => {
      worker.terminate();
      const data = event.data;
      if (data.ok) resolve(data);
      else reject(new SplitWrapError(data.message, data.field));
    };
    worker.onerror = (event) => {
      worker.terminate();
      event.preventDefault();
      reject(new SplitWrapError('The split-and-wrap worker could not start in this browser (Web Worker failed to load).'));
    };
    const transfer = request.input instanceof Uint8Array ? [request.input.buffer] : [];
    worker.postMessage(request, transfer);
  });
}
