// Route definition against the API table (src/protocol/api.ts): every route the node
// serves must be in the table, gets the table's role check, and has its body and query
// validated by the table's zod schemas before the handler runs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ROUTES, type RouteSpec } from '../../protocol/api.ts';
import type { NodeContext } from '../node.ts';
import { authenticate, requireRole, type Actor } from './auth.ts';
import { ApiError } from './errors.ts';

const actors = new WeakMap<FastifyRequest, Actor>();

/** The authenticated caller of a request, if any (for audit entries of refusals). */
export function actorOf(request: FastifyRequest): Actor | undefined {
  return actors.get(request);
}

export interface HandlerInput<B, Q> {
  request: FastifyRequest;
  reply: FastifyReply;
  actor: Actor;
  body: B;
  query: Q;
  params: Record<string, string>;
}

function validate<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query'): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = innermost(r.error.issues[0]!);
  const field = issue.path.length ? issue.path.join('.') : where;
  throw new ApiError(400, 'invalid-request', `${field}: ${issue.message}`, { field });
}

type Issue = z.core.$ZodIssue;

/**
 * For a value no branch of a union accepts (a join's parameters: one key, or a batch), the
 * issue of the branch that got furthest into the value (deepest path; on a tie, fewest
 * issues) — "parameters.keys.3.publicKey: …" rather than "parameters: Invalid input".
 */
function innermost(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const depth = (issues: Issue[]) => Math.max(...issues.map((i) => i.path.length));
  const best = [...issue.errors].filter((b) => b.length > 0).sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0];
  if (!best) return issue;
  const inner = innermost(best.reduce((a, b) => (b.path.length > a.path.length ? b : a)));
  return { ...inner, path: [...issue.path, ...inner.path] } as Issue;
}

export function define<B = undefined, Q = undefined>(
  app: FastifyInstance,
  ctx: NodeContext,
  method: RouteSpec['method'],
  path: string,
  handler: (input: HandlerInput<B, Q>) => unknown,
): void {
  const spec = ROUTES.find((r) => r.method === method && r.path === path);
  if (!spec) throw new Error(`${method} ${path} is not in the API table (src/protocol/api.ts)`);
  app.route({
    method,
    url: path.replace(/\{(\w+)\}/g, ':$1'),
    // Peer messages come several per session round; per-request lines for them would drown the log.
    ...(spec.role === 'peer' ? { logLevel: 'warn' } : {}),
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    handler: async (request, reply) => {
      let actor: Actor = { name: 'anonymous', role: 'viewer' };
      if (spec.role !== 'none' && spec.role !== 'peer') {
        actor = authenticate(request, ctx.config.tokens);
        actors.set(request, actor);
        requireRole(actor, spec.role);
      }
      const body = (spec.body ? validate(spec.body, request.body, 'body') : undefined) as B;
      const query = (spec.query ? validate(spec.query, request.query, 'query') : undefined) as Q;
      return handler({ request, reply, actor, body, query, params: request.params as Record<string, string> });
    },
  });
}
