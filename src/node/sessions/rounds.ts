// Sending a round: this node's message to every peer, signed (and sealed when it carries
// secrets), delivered in the background with retries until the session deadline. The
// caller then waits for the peers' messages of the same round (Session.collect), read
// with the round's schema.
import type { z } from 'zod';
import type { PeerConfig } from '../config.ts';
import type { PeerCrypto } from '../peer/envelope.ts';
import { deliver, type Delivery } from '../peer/transport.ts';
import type { Session } from './session.ts';

export interface RoundIo {
  peers: readonly PeerConfig[];
  crypto: PeerCrypto;
  /** Called when a delivery finally fails (logged; the missing message then times the round out). */
  onUndelivered(session: Session, peer: number, round: string, delivery: Delivery): void;
}

export function send(io: RoundIo, s: Session, round: string, bodyFor: (peer: number) => unknown, secret: boolean, until = s.deadline): void {
  for (const peer of io.peers) {
    const body = bodyFor(peer.index);
    void io.crypto
      .make({ session: s.id, kind: s.kind, from: s.node, to: peer.index, round }, body, peer.identityKey, secret)
      .then((envelope) => deliver(peer.url, envelope, until, s.stop.signal))
      .then(
        (d) => {
          if (d.outcome !== 'delivered') io.onUndelivered(s, peer.index, round, d);
        },
        (e: unknown) => io.onUndelivered(s, peer.index, round, { outcome: 'refused', code: 'send-error', message: String((e as Error)?.message ?? e) }),
      );
  }
}

/** Each peer's body read with the round's schema; undefined for a body that does not fit (the caller names that node). */
function readBodies<T>(got: Map<number, unknown>, schema: z.ZodType<T>): Map<number, T | undefined> {
  return new Map([...got].map(([from, body]) => [from, schema.safeParse(body).data]));
}

/** Send a public body to everyone and wait for everyone's; returns all bodies including our own. */
export async function exchange<T>(io: RoundIo, s: Session, round: string, schema: z.ZodType<T>, body: T): Promise<Map<number, T | undefined>> {
  send(io, s, round, () => body, false);
  const got = readBodies(await s.collectRunning(round), schema);
  return new Map([...got, [s.node, body]]);
}

/** Send a per-peer secret body (sealed) and wait for everyone's addressed to us. */
export async function exchangeSecret<T>(io: RoundIo, s: Session, round: string, schema: z.ZodType<T>, bodyFor: (peer: number) => T): Promise<Map<number, T | undefined>> {
  send(io, s, round, bodyFor, true);
  return readBodies(await s.collectRunning(round), schema);
}
