// Cold storage routes (docs/backup.md, docs/node-api.md): what raw records of this node
// carry, raw export and import of many keys, marking a key noCopy, and a key's public
// share (one, or many at once) for the client's site-wide check. Every export and import is audited; a restore
// emits key.restored like the single-key restore.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { PublicSharesRequest, RawExportRequest, RawImportRequest, RawImportResult } from '../../protocol/raw-backup.ts';
import { define } from '../http/define.ts';
import { ApiError } from '../http/errors.ts';
import { KeyShareError } from '../key-shares.ts';
import type { NodeContext } from '../node.ts';
import { RawBackups } from '../raw-backup.ts';

function notFound<T>(work: () => Promise<T> | T): Promise<T> {
  return (async () => {
    try {
      return await work();
    } catch (e) {
      if (e instanceof KeyShareError && e.code === 'not-found') throw new ApiError(404, e.code, e.message, { field: 'keyId' });
      throw e;
    }
  })();
}

export function rawBackupRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const { site, index, threshold, players } = ctx.config;
  const raw = new RawBackups(ctx.repo, ctx.sealer, { site, index, threshold, players });

  define(app, ctx, 'GET', '/v1/raw-backup', () => raw.info());

  define<z.infer<typeof RawExportRequest>>(app, ctx, 'POST', '/v1/keys/raw-export', async ({ actor, body }) => {
    const result = await raw.export(body.keyIds);
    ctx.journal.audit(actor.name, 'key.raw-export', 'ok', {
      keys: result.records.map((r) => ({ keyId: r.keyId, recordId: r.recordId, publicKey: r.publicKey, noCopy: r.noCopy })),
      disabled: result.disabled,
      kekFingerprint: result.kekFingerprint,
    });
    if (result.failures.length) ctx.journal.audit(actor.name, 'key.raw-export', 'refused', { keys: result.failures.map((f) => ({ keyId: f.keyId, code: f.code })) });
    return result;
  });

  define<z.infer<typeof RawImportRequest>>(app, ctx, 'POST', '/v1/keys/raw-import', async ({ actor, body }): Promise<RawImportResult> => {
    const outcomes = await raw.import(body.records, actor.name);
    const done = outcomes.filter((o) => o.status !== 'refused');
    const refused = outcomes.filter((o) => o.status === 'refused');
    if (done.length) ctx.journal.audit(actor.name, 'key.raw-import', 'ok', { keys: done.map((o) => ({ keyId: o.keyId, status: o.status })) });
    if (refused.length) ctx.journal.audit(actor.name, 'key.raw-import', 'refused', { keys: refused.map((o) => ({ keyId: o.keyId, code: o.code, field: o.field })) });
    for (const o of outcomes) if (o.status === 'restored' && o.keyId) ctx.journal.emit('key.restored', { keyId: o.keyId });
    return { site, index, outcomes };
  });

  define<{ noCopy: true }>(app, ctx, 'PUT', '/v1/keys/{keyId}/no-copy', ({ actor, params }) =>
    notFound(() => {
      const key = raw.setNoCopy(params.keyId ?? '');
      ctx.journal.audit(actor.name, 'key.no-copy', 'ok', { keyId: key.keyId, publicKey: key.publicKey });
      return key;
    }),
  );

  define<z.infer<typeof PublicSharesRequest>>(app, ctx, 'POST', '/v1/keys/public-shares', ({ body }) => raw.publicShares(body.keyIds, ctx.sessions.curveWork));

  define(app, ctx, 'GET', '/v1/keys/{keyId}/public-share', ({ params }) => notFound(() => raw.publicShare(params.keyId ?? '')));
}
