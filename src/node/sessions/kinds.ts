// What each session kind contributes to the common session flow (manager.ts): how a
// join's parameters split into the agreed part and this node's own part, the local
// checks after agreement (their result is this node's "ready" message), and the run.
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64Url, utf8 } from '../../crypto/bytes.ts';
import type { SessionDeps } from './deps.ts';
import type { RoundIo } from './rounds.ts';
import type { Session } from './session.ts';

export interface KindRunner {
  prepare(ctx: SessionDeps, sessionId: string, parameters: Record<string, unknown>): { agreed: Record<string, unknown>; local: Record<string, unknown> };
  precheck(ctx: SessionDeps, s: Session): Promise<Record<string, unknown>>;
  run(ctx: SessionDeps, io: RoundIo, s: Session, ready: Map<number, Record<string, unknown>>): Promise<Record<string, unknown>>;
  /** Forget anything secret kept between precheck and run (called when the session ends, however it ends). */
  cleanup?(s: Session): void;
}

/** A key ID every node derives alike when the caller gave none: 28 characters from the session ID. */
export function deriveKeyId(sessionId: string): string {
  return toBase64Url(sha256(utf8(`keyferry key id v1:${sessionId}`))).slice(0, 28);
}

/** Thrown by prepare: the join request itself is wrong (HTTP 422 to the caller, no session created). */
export class JoinRefused extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'JoinRefused';
  }
}
