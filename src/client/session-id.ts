// Session IDs as the SDK side makes them: 16 random bytes as base64url (22 characters),
// within the protocol's SessionId rule (16–64 of A–Z a–z 0–9 _ -). Random so that two
// operators starting sessions at once never collide, and URL-safe for the cockpit's links.
import { toBase64Url } from '../crypto/bytes.ts';
import { randomBytes } from '../crypto/random.ts';
import { SessionId } from '../protocol/session.ts';

/** A fresh session ID. */
export function newSessionId(): string {
  return toBase64Url(randomBytes(16));
}

/** Why `id` is not a session ID, or undefined when it is one. */
export function sessionIdProblem(id: string): string | undefined {
  const ok = SessionId.safeParse(id);
  return ok.success ? undefined : (ok.error.issues[0]?.message ?? 'not a session ID');
}
