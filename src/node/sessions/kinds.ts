// What each session kind contributes to the common session flow (manager.ts): how a
// join's parameters (typed by the kind's schema in src/protocol/session.ts) split into
// the agreed part and this node's own part, the local checks after agreement (their
// result is this node's "ready" message, read back from peers with the kind's schema),
// and the run.
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { toBase64Url, utf8 } from '../../crypto/bytes.ts';
import type { BatchKeyOutcome } from '../../protocol/session.ts';
import type { SessionDeps } from './deps.ts';
import type { RoundIo } from './rounds.ts';
import type { SessionCrypto } from './session-crypto.ts';
import type { AgreedParameters, Session, SessionOutcome } from './session.ts';

export interface KindRunner<Parameters, Agreed extends AgreedParameters, Local, Ready> {
  prepare(ctx: SessionDeps, sessionId: string, parameters: Parameters): { agreed: Agreed; local: Local };
  /** How a peer's "ready" message of this kind reads. */
  readonly ready: z.ZodType<Ready>;
  precheck(ctx: SessionDeps, s: Session<Agreed, Local>): Promise<Ready>;
  /** `ready`: every node's ready message, this node's included. */
  run(ctx: SessionDeps, io: RoundIo, s: Session<Agreed, Local>, ready: Map<number, Ready>): Promise<SessionOutcome>;
  /** Forget anything secret kept between precheck and run (called when the session ends, however it ends). */
  cleanup?(s: Session<Agreed, Local>): void;
}

/**
 * A batch kind (batch-import.ts, batch-export.ts): the same flow over a list of keys, each
 * with its own outcome. `blocked`: key IDs of the batch another session on this node holds
 * (the key fails, the rest go on); `ec`: where the curve arithmetic runs.
 */
export interface BatchRunner<Parameters, Agreed extends AgreedParameters, Local, Ready> {
  prepare(ctx: SessionDeps, sessionId: string, parameters: Parameters): { agreed: Agreed; local: Local };
  /** Key IDs the batch may store under, reserved from agreement until it ends (none for an export). */
  keyIds(s: Session<Agreed, Local>): string[];
  readonly ready: z.ZodType<Ready>;
  precheck(ctx: SessionDeps, s: Session<Agreed, Local>, blocked: ReadonlyMap<string, string>): Promise<Ready>;
  run(ctx: SessionDeps, io: RoundIo, s: Session<Agreed, Local>, ready: Map<number, Ready>, ec: SessionCrypto): Promise<BatchKeyOutcome[]>;
  cleanup?(s: Session<Agreed, Local>): void;
}

/** The ready message of kinds whose local checks only pass or fail. */
export const PassedChecks = z.object({ ok: z.literal(true) });
export type PassedChecks = z.infer<typeof PassedChecks>;

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
