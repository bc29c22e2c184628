// Delivering one peer message: POST it to the peer's /v1/peer/messages, retrying with
// backoff (100 ms doubling to 1 s) until it is accepted, definitively refused, or the
// session deadline passes. A peer that has not joined yet answers "unknown-session",
// which is worth retrying; one that already holds this message answers "replay",
// which counts as delivered.
import type { PeerEnvelope } from '../../protocol/session.ts';

export type Delivery = { outcome: 'delivered' } | { outcome: 'refused'; code: string; message: string } | { outcome: 'timeout'; lastError: string };

export async function deliver(baseUrl: string, envelope: PeerEnvelope, deadline: number, signal?: AbortSignal): Promise<Delivery> {
  let wait = 25;
  let lastError = 'never answered';
  while (Date.now() < deadline && !signal?.aborted) {
    try {
      const res = await fetch(`${baseUrl}/v1/peer/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(envelope),
        signal: AbortSignal.timeout(Math.max(100, Math.min(5000, deadline - Date.now()))),
      });
      const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
      if (res.ok || body.code === 'replay') return { outcome: 'delivered' };
      if (res.status === 404 && body.code === 'unknown-session') {
        lastError = 'the peer has not joined the session';
      } else if (res.status >= 500) {
        lastError = `HTTP ${res.status}`;
      } else {
        return { outcome: 'refused', code: body.code ?? `http-${res.status}`, message: body.message ?? `HTTP ${res.status}` };
      }
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      lastError = err.cause?.code ?? err.name;
    }
    await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, deadline - Date.now()))));
    wait = Math.min(1000, wait * 2);
  }
  return { outcome: 'timeout', lastError };
}
