import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NodeError, createNodeClient } from './node-client.ts';

const node = { url: 'http://127.0.0.1:1', token: 'secret' };
const Schema = z.object({ a: z.number() });

function client(respond: (url: string, init: RequestInit | undefined) => Promise<Response>) {
  return createNodeClient((input, init) => respond(String(input), init));
}

async function failure(p: Promise<unknown>): Promise<NodeError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}

describe('http client', () => {
  it('sends the bearer token and parses the body with the schema', async () => {
    let seen: RequestInit | undefined;
    const http = client(async (url, init) => {
      expect(url).toBe('http://127.0.0.1:1/v1/info');
      seen = init;
      return Response.json({ a: 1 });
    });
    await expect(http.get(node, '/v1/info', Schema)).resolves.toEqual({ a: 1 });
    expect(new Headers(seen?.headers).get('authorization')).toBe('Bearer secret');
  });
  it('turns an error body into an NodeError with its code and field', async () => {
    const http = client(async () => Response.json({ code: 'unauthorized', message: 'bad token', field: 'authorization' }, { status: 401 }));
    expect(await failure(http.get(node, '/v1/info', Schema))).toMatchObject({ status: 401, code: 'unauthorized', message: 'bad token', field: 'authorization' });
  });
  it('says "token refused" for a 403 without a body', async () => {
    const http = client(async () => new Response('', { status: 403 }));
    expect(await failure(http.get(node, '/v1/info', Schema))).toMatchObject({ status: 403, message: 'token refused' });
  });
  it('calls a fetch TypeError unreachable', async () => {
    const http = client(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await failure(http.get(node, '/v1/info', Schema))).toMatchObject({ status: 0, code: 'unreachable' });
  });
  it('names the field of an answer that does not match the schema', async () => {
    const http = client(async () => Response.json({ a: 'x' }));
    expect(await failure(http.get(node, '/v1/info', Schema))).toMatchObject({ code: 'bad-response', field: 'a' });
  });
  it('sends a write as JSON with its method and keeps the error body of a refusal', async () => {
    let seen: RequestInit | undefined;
    const http = client(async (_url, init) => {
      seen = init;
      return Response.json({ code: 'version-conflict', message: 'changed meanwhile', field: 'version', current: { version: 4 } }, { status: 409 });
    });
    const error = await failure(http.send(node, 'PUT', '/v1/export-config', { version: 3 }, Schema));
    expect(seen?.method).toBe('PUT');
    expect(seen?.body).toBe('{"version":3}');
    expect(new Headers(seen?.headers).get('content-type')).toBe('application/json');
    expect(error).toMatchObject({ status: 409, code: 'version-conflict', field: 'version' });
    expect(error.body?.current).toEqual({ version: 4 });
  });
});
