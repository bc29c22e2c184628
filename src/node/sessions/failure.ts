// How a session ends badly: a reason code every node reports the same way, one sentence,
// and (when it applies) the node at fault or, for a mismatch, the differing field and
// which nodes hold which value.
import type { z } from 'zod';
import type { SessionFailureInfo } from '../../protocol/session.ts';

export type FailureInfo = z.infer<typeof SessionFailureInfo>;

export class SessionFailed extends Error {
  constructor(readonly info: FailureInfo) {
    super(info.message);
    this.name = 'SessionFailed';
  }
}

export function fail(reason: FailureInfo['reason'], message: string, extra: Omit<FailureInfo, 'reason' | 'message'> = {}): never {
  throw new SessionFailed({ reason, message, ...extra });
}
