// /v1/keys: the keys this node holds a share of, deletion, and raw backup / restore.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Backup } from '../../protocol/api.ts';
import { define } from '../http/define.ts';
import { ApiError } from '../http/errors.ts';
import { KeyShareError } from '../key-shares.ts';
import type { NodeContext } from '../node.ts';

const STATUS: Record<KeyShareError['code'], number> = { 'not-found': 404, 'key-exists': 409, 'backup-mismatch': 422, 'backup-invalid': 422, 'wrong-kek': 422 };

async function translate<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof KeyShareError) throw new ApiError(STATUS[e.code], e.code, e.message, e.field ? { field: e.field } : {});
    throw e;
  }
}

export function keyRoutes(app: FastifyInstance, ctx: NodeContext): void {
  define(app, ctx, 'GET', '/v1/keys', () => ({ keys: ctx.keys.list() }));

  define(app, ctx, 'GET', '/v1/keys/{keyId}', ({ params }) => {
    const key = ctx.keys.get(params.keyId ?? '');
    if (!key) throw new ApiError(404, 'not-found', `no key ${params.keyId} on this node`, { field: 'keyId' });
    return key;
  });

  define(app, ctx, 'DELETE', '/v1/keys/{keyId}', ({ actor, params }) =>
    translate(() => {
      const key = ctx.keys.delete(params.keyId ?? '');
      ctx.journal.audit(actor.name, 'key.delete', 'ok', { keyId: key.keyId, curve: key.curve, publicKey: key.publicKey });
      ctx.journal.emit('key.deleted', { keyId: key.keyId });
      return key;
    }),
  );

  define(app, ctx, 'POST', '/v1/keys/{keyId}/backup', ({ actor, params }) =>
    translate(async () => {
      const backup = await ctx.keys.backup(params.keyId ?? '');
      ctx.journal.audit(actor.name, 'key.backup', 'ok', { keyId: backup.keyId, publicKey: backup.publicKey });
      return backup;
    }),
  );

  define<z.infer<typeof Backup>>(app, ctx, 'POST', '/v1/keys/restore', ({ actor, body }) =>
    translate(async () => {
      const result = await ctx.keys.restore(body);
      ctx.journal.audit(actor.name, 'key.restore', 'ok', { keyId: result.key.keyId, publicKey: result.key.publicKey, created: result.created });
      if (result.created) ctx.journal.emit('key.restored', { keyId: result.key.keyId });
      return result;
    }),
  );
}
