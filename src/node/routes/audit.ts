// /v1/audit (newest first, paged with ?before=) and /v1/events (Server-Sent Events with
// Last-Event-ID resume: stored events after that ID are replayed, then live ones follow).
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { AuditQuery } from '../../protocol/api.ts';
import { define } from '../http/define.ts';
import { ApiError } from '../http/errors.ts';
import type { NodeContext } from '../node.ts';
import type { EventRow } from '../store/repository.ts';

const HEARTBEAT_MS = 15_000;

export function auditRoutes(app: FastifyInstance, ctx: NodeContext): void {
  // Open event streams, ended before the server closes so shutdown is not held up by them.
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });

  define<undefined, z.infer<typeof AuditQuery>>(app, ctx, 'GET', '/v1/audit', ({ query }) => {
    const entries = ctx.repo.listAudit(query);
    const last = entries.at(-1);
    return entries.length === query.limit && last ? { entries, nextBefore: last.id } : { entries };
  });

  define(app, ctx, 'GET', '/v1/events', ({ request, reply }) => {
    const header = request.headers['last-event-id'];
    const lastId = header === undefined ? 0 : Number(header);
    if (!Number.isSafeInteger(lastId) || lastId < 0) throw new ApiError(400, 'invalid-request', 'Last-Event-ID must be a whole number', { field: 'Last-Event-ID' });
    const origin = reply.getHeader('access-control-allow-origin');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...(origin ? { 'access-control-allow-origin': String(origin), vary: 'Origin' } : {}),
    });
    const send = (e: EventRow) => res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ id: e.id, at: e.at, type: e.type, data: e.data })}\n\n`);
    res.write('retry: 2000\n\n');
    // Subscribe before replaying so nothing falls between the two; skip what was replayed.
    let replayedUpTo = lastId;
    const pending: EventRow[] = [];
    let replaying = true;
    const unsubscribe = ctx.journal.subscribe((e) => (replaying ? pending.push(e) : e.id > replayedUpTo && send(e)));
    for (let batch = ctx.repo.eventsAfter(replayedUpTo); batch.length > 0; batch = ctx.repo.eventsAfter(replayedUpTo)) {
      for (const e of batch) send(e);
      replayedUpTo = batch.at(-1)!.id;
    }
    for (const e of pending) if (e.id > replayedUpTo) send(e);
    replaying = false;
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(end);
    };
    const end = () => {
      stop();
      res.end();
    };
    streams.add(end);
    res.on('close', stop);
  });
}
