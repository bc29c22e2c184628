// /v1/sessions (join, list, show) for the SDK side, and /v1/peer/messages for the other
// nodes of the site (no bearer token: each message is signed by its sender).
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { SessionWaitQuery } from '../../protocol/api.ts';
import type { JoinSession, PeerEnvelope } from '../../protocol/session.ts';
import { define } from '../http/define.ts';
import { ApiError } from '../http/errors.ts';
import type { NodeContext } from '../node.ts';
import { JoinRefused } from '../sessions/kinds.ts';
import { JoinConflict, PeerRefusal } from '../sessions/manager.ts';

export function sessionRoutes(app: FastifyInstance, ctx: NodeContext): void {
  ctx.sessions.log = (msg, data) => app.log.warn(data, msg);

  define<JoinSession>(app, ctx, 'POST', '/v1/sessions', ({ actor, body }) => {
    try {
      return ctx.sessions.join(body, actor.name);
    } catch (e) {
      if (e instanceof JoinRefused) throw new ApiError(422, 'invalid-parameters', e.message, { field: e.field });
      if (e instanceof JoinConflict) throw new ApiError(409, 'session-conflict', e.message, { field: 'sessionId' });
      throw e;
    }
  });

  define(app, ctx, 'GET', '/v1/sessions', () => ({ sessions: ctx.sessions.list() }));

  define<undefined, z.infer<typeof SessionWaitQuery>>(app, ctx, 'GET', '/v1/sessions/{sessionId}', async ({ params, query }) => {
    const id = params.sessionId ?? '';
    const view = ctx.sessions.get(id);
    if (!view) throw new ApiError(404, 'not-found', `this node knows no session ${params.sessionId}`, { field: 'sessionId' });
    // A long poll: the caller holds this view already; answer once the session changes.
    if (query.since === undefined || !query.waitMs || view.updatedAt !== query.since || view.state === 'done' || view.state === 'failed') return view;
    await ctx.sessions.nextChange(id, query.waitMs);
    return ctx.sessions.get(id) ?? view;
  });

  define<PeerEnvelope>(app, ctx, 'POST', '/v1/peer/messages', async ({ body }) => {
    try {
      await ctx.sessions.receive(body);
      return { ok: true };
    } catch (e) {
      if (e instanceof PeerRefusal) throw new ApiError(e.status, e.code, e.message);
      throw e;
    }
  });
}
