// One session on one node: its agreed parameters, its state (waiting → agreed → running →
// done | failed), and the round exchange with peers — send this node's message for a
// round to every peer, then wait until every peer's message for that round has arrived,
// a peer aborts, or the deadline passes.
import type { z } from 'zod';
import type { SessionState } from '../../protocol/domain.ts';
import type { BatchKeyOutcome, PeerEnvelope, SessionResult } from '../../protocol/session.ts';
import { SessionFailed, type FailureInfo } from './failure.ts';

export type Kind = PeerEnvelope['kind'];

/** The agreed parameters of any kind: JSON every node hashes alike, with the key ID the session is about (none for a batch). */
export type AgreedParameters = Record<string, unknown> & { keyId?: string };

export type SessionOutcome = z.infer<typeof SessionResult>;

export interface SessionInit<Agreed extends AgreedParameters, Local> {
  id: string;
  kind: Kind;
  node: number;
  peers: readonly number[];
  /** The parameters every node must hold byte-identically (hashed for agreement). */
  agreed: Agreed;
  agreedHash: string;
  /** What only this node was given or derived (import: its wrapped share and the parsed public key). */
  local: Local;
  joinDeadline: number;
  deadline: number;
}

export class Session<Agreed extends AgreedParameters = AgreedParameters, Local = unknown> {
  readonly id: string;
  readonly kind: Kind;
  readonly node: number;
  readonly peers: readonly number[];
  readonly agreed: Agreed;
  readonly agreedHash: string;
  readonly local: Local;
  readonly joinDeadline: number;
  readonly deadline: number;
  readonly createdAt = new Date().toISOString();
  updatedAt = this.createdAt;
  state: SessionState = 'waiting';
  history: { state: SessionState; at: string }[] = [{ state: 'waiting', at: this.createdAt }];
  failure: FailureInfo | undefined;
  result: SessionOutcome | undefined;
  /** Key IDs this session holds on its node (SessionManager's reservations), released when it ends. */
  readonly held: string[] = [];
  /** A batch session's outcome per key, in batch order. */
  batch: BatchKeyOutcome[] | undefined;
  readonly #inbox = new Map<string, Map<number, unknown>>();
  readonly #wake = new Set<() => void>();
  #abort: FailureInfo | undefined;
  readonly stop = new AbortController();

  constructor(init: SessionInit<Agreed, Local>) {
    this.id = init.id;
    this.kind = init.kind;
    this.node = init.node;
    this.peers = init.peers;
    this.agreed = init.agreed;
    this.agreedHash = init.agreedHash;
    this.local = init.local;
    this.joinDeadline = init.joinDeadline;
    this.deadline = init.deadline;
  }

  get terminal(): boolean {
    return this.state === 'done' || this.state === 'failed';
  }

  setState(state: SessionState): void {
    this.state = state;
    this.updatedAt = new Date().toISOString();
    this.history.push({ state, at: this.updatedAt });
  }

  /** Peers whose message for `round` is in. */
  arrived(round: string): number[] {
    return [...(this.#inbox.get(round)?.keys() ?? [])].sort((a, b) => a - b);
  }

  has(round: string, from: number): boolean {
    return this.#inbox.get(round)?.has(from) ?? false;
  }

  deliver(round: string, from: number, body: unknown): void {
    let box = this.#inbox.get(round);
    if (!box) this.#inbox.set(round, (box = new Map()));
    box.set(from, body);
    for (const w of this.#wake) w();
  }

  /** A peer (or this node) gave up: every pending wait ends with this failure. */
  abortWith(info: FailureInfo): void {
    this.#abort ??= info;
    for (const w of this.#wake) w();
  }

  /**
   * Wait for every peer's message of `round`. `until` is the deadline that applies
   * (join deadline for the first round); `onTimeout` builds the failure naming who is missing.
   */
  async collect(round: string, until: number, onTimeout: (missing: number[]) => FailureInfo): Promise<Map<number, unknown>> {
    for (;;) {
      if (this.#abort) throw new SessionFailed(this.#abort);
      const box = this.#inbox.get(round);
      const missing = this.peers.filter((p) => !box?.has(p));
      if (missing.length === 0) return box ?? new Map();
      const left = until - Date.now();
      if (left <= 0) throw new SessionFailed(onTimeout(missing));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          wake.delete(done);
          resolve();
        }
        const wake = this.#wake;
        wake.add(done);
      });
    }
  }

  /** Convenience for rounds after agreement: the session deadline, "timeout" naming the silent nodes. */
  collectRunning(round: string): Promise<Map<number, unknown>> {
    return this.collect(round, this.deadline, (missing) => ({
      reason: 'timeout',
      message: `node ${missing.join(', ')} sent nothing for round "${round}" before the session deadline`,
      node: missing[0]!,
    }));
  }
}
