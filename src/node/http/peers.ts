// Peer reachability for /v1/info: each peer's /v1/health with a short timeout, cached
// briefly so a dashboard polling many nodes does not fan out into a storm.
import type { z } from 'zod';
import type { PeerStatus as PeerStatusSchema } from '../../protocol/api.ts';
import type { PeerConfig } from '../config.ts';

/** One peer's entry in /v1/info `peers`. */
export type PeerStatus = z.infer<typeof PeerStatusSchema>;

export class PeerProbe {
  #cache: { at: number; value: PeerStatus[] } | undefined;

  constructor(
    private readonly peers: readonly PeerConfig[],
    private readonly timeoutMs = 1500,
    private readonly ttlMs = 3000,
  ) {}

  async status(): Promise<PeerStatus[]> {
    if (this.#cache && Date.now() - this.#cache.at < this.ttlMs) return this.#cache.value;
    const value = await Promise.all(this.peers.map((p) => this.probe(p)));
    this.#cache = { at: Date.now(), value };
    return value;
  }

  private async probe(peer: PeerConfig): Promise<PeerStatus> {
    const start = performance.now();
    try {
      const res = await fetch(`${peer.url}/v1/health`, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!res.ok) return { index: peer.index, url: peer.url, reachable: false, error: `HTTP ${res.status}` };
      await res.arrayBuffer();
      return { index: peer.index, url: peer.url, reachable: true, latencyMs: Math.round(performance.now() - start) };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const why = err.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (err.cause?.code ?? err.message);
      return { index: peer.index, url: peer.url, reachable: false, error: why };
    }
  }
}
