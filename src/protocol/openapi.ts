// The OpenAPI 3.1 document of the node admin API, generated from the ROUTES table and
// its zod schemas so that it cannot drift from what the node validates.
import { z } from 'zod';
import { ErrorBody, ROUTES } from './api.ts';

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const op: Record<string, unknown> = {
      summary: route.summary,
      description:
        route.role === 'none' ? 'No token.' : route.role === 'peer' ? 'Peers only: no token; the body must be signed by a configured peer.' : `Needs a bearer token with role ${route.role} or higher.`,
      responses: {
        '200': route.response
          ? { description: 'OK', content: { 'application/json': { schema: z.toJSONSchema(route.response, { io: 'output', unrepresentable: 'any' }) } } }
          : { description: 'OK', content: { [route.contentType ?? 'application/json']: {} } },
        default: { description: 'Error', content: { 'application/json': { schema: z.toJSONSchema(ErrorBody, { unrepresentable: 'any' }) } } },
      },
    };
    if (route.role !== 'none' && route.role !== 'peer') op.security = [{ bearer: [] }];
    if (route.body) op.requestBody = { required: true, content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) } } };
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (params.length) op.parameters = params;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Keyferry node admin API', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
