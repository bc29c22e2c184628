// Builds the node's HTTP app (what tests drive with app.inject and server.ts listens
// with): CORS for the configured console origins only, body limits, bearer auth per
// route (http/define.ts), one error handler with the uniform {code, message, field?}
// body, audit entries for refused requests, and JSON logs that never carry a token.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ApiError } from './http/errors.ts';
import { actorOf } from './http/define.ts';
import type { NodeContext } from './node.ts';
import { auditRoutes } from './routes/audit.ts';
import { exportConfigRoutes } from './routes/export-config.ts';
import { infoRoutes } from './routes/info.ts';
import { keyRoutes } from './routes/keys.ts';
import { pairingRoutes } from './routes/pairing.ts';
import { rawBackupRoutes } from './routes/raw-backup.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { wrappingKeyRoutes } from './routes/wrapping-key.ts';

export const BODY_LIMIT = 256 * 1024;

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
}

const ALLOWED_HEADERS = 'Authorization, Content-Type, Last-Event-ID';
const ALLOWED_METHODS = 'GET, POST, PUT, DELETE';

export function buildApp(ctx: NodeContext, options: AppOptions = {}): FastifyInstance {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: options.logger ?? false,
    forceCloseConnections: true,
    return503OnClosing: true,
  });
  const origins = new Set(ctx.config.allowedOrigins);

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    if (!origins.has(origin)) {
      ctx.journal.audit('anonymous', `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`, 'refused', { status: 403, code: 'origin-not-allowed', origin });
      throw new ApiError(403, 'origin-not-allowed', `origin ${origin} is not in node.allowedOrigins of this node's config`, { field: 'Origin' });
    }
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'Origin');
    if (request.method === 'OPTIONS') {
      reply
        .header('access-control-allow-methods', ALLOWED_METHODS)
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .code(204)
        .send();
    }
  });

  // Preflight requests reach here only for allowed origins (answered above); give the router a match.
  app.options('/*', async (_request, reply) => reply.code(204).send());

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    let apiError: ApiError;
    if (error instanceof ApiError) apiError = error;
    else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') apiError = new ApiError(413, 'body-too-large', `request body is larger than ${BODY_LIMIT} bytes`);
    else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') apiError = new ApiError(415, 'unsupported-media-type', 'send JSON with Content-Type: application/json');
    else if (error.statusCode === 400) apiError = new ApiError(400, 'invalid-request', `the request body is not valid JSON: ${error.message}`);
    else {
      request.log.error({ err: error }, 'request failed');
      apiError = new ApiError(500, 'internal', 'internal error; the node log has the details');
    }
    if (apiError.status < 500 && apiError.code !== 'origin-not-allowed' && apiError.status !== 404) {
      const actor = actorOf(request);
      ctx.journal.audit(actor?.name ?? 'anonymous', `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`, 'refused', {
        status: apiError.status,
        code: apiError.code,
        ...(apiError.extra.field ? { field: apiError.extra.field } : {}),
      });
    }
    return reply.code(apiError.status).send(apiError.body());
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ code: 'not-found', message: `no such endpoint: ${request.method} ${request.url.split('?')[0]}; see /v1/openapi.json` }),
  );

  infoRoutes(app, ctx);
  wrappingKeyRoutes(app, ctx);
  exportConfigRoutes(app, ctx);
  pairingRoutes(app, ctx);
  keyRoutes(app, ctx);
  rawBackupRoutes(app, ctx);
  auditRoutes(app, ctx);
  sessionRoutes(app, ctx);
  return app;
}
