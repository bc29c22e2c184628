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
  const issue = r.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : where;
  throw new ApiError(400, 'invalid-request', `${field}: ${issue.message}`, { field });
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
