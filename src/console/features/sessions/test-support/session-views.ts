// Test helper: SessionViews as a node would report them.
import type { SessionView } from '../../../../client/sessions.ts';

export const SESSION_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

export function view(node: number, patch: Partial<SessionView> = {}): SessionView {
  return {
    sessionId: SESSION_ID,
    kind: 'keygen',
    state: 'waiting',
    node,
    site: 'main',
    parameters: { keyId: 'k1', curve: 'secp256k1', chainCode: false },
    parametersHash: 'h',
    joined: [node],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    joinDeadline: '2026-01-01T00:00:10.000Z',
    deadline: '2026-01-01T00:00:40.000Z',
    history: [{ state: 'waiting', at: '2026-01-01T00:00:00.000Z' }],
    ...patch,
  };
}
