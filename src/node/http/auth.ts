// Bearer-token authentication and role checks. Tokens are compared by SHA-256 digest in
// constant time; the token itself is never logged or stored. Roles are ordered:
// viewer < operator < admin.
import type { FastifyRequest } from 'fastify';
import type { Role, TokenConfig } from '../config.ts';
import { hashToken, sameDigest } from '../secrets.ts';
import { ApiError } from './errors.ts';

export interface Actor {
  name: string;
  role: Role;
}

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export function authenticate(request: FastifyRequest, tokens: readonly TokenConfig[]): Actor {
  const header = request.headers.authorization;
  if (!header) throw new ApiError(401, 'unauthenticated', 'send "Authorization: Bearer <token>"; this endpoint needs a token');
  const m = /^Bearer\s+(\S+)$/.exec(header);
  if (!m) throw new ApiError(401, 'unauthenticated', 'the Authorization header must be "Bearer <token>"');
  const digest = hashToken(m[1]!);
  let found: TokenConfig | undefined;
  for (const t of tokens) if (sameDigest(t.sha256, digest)) found = t;
  if (!found) throw new ApiError(401, 'unauthenticated', 'the token is not known to this node');
  return { name: found.name, role: found.role };
}

export function requireRole(actor: Actor, role: Role | 'none' | 'peer'): void {
  if (role === 'none' || role === 'peer') return;
  if (RANK[actor.role] < RANK[role]) {
    throw new ApiError(403, 'forbidden', `this needs the ${role} role; token "${actor.name}" has ${actor.role}`);
  }
}
