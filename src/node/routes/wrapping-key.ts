// /v1/wrapping-key: the node's RSA wrapping key (the seeds' WrappingKeys), rotation, retirement.
import type { FastifyInstance } from 'fastify';
import { fromBase64 } from '../../crypto/bytes.ts';
import { parseSpki } from '../../crypto/public-key.ts';
import { define } from '../http/define.ts';
import { ApiError } from '../http/errors.ts';
import type { NodeContext } from '../node.ts';

export function wrappingKeyRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const view = () => {
    const active = ctx.wrappingKeys.active();
    const info = parseSpki(fromBase64(active.spki));
    return { spki: active.spki, fingerprint: active.fingerprint, bits: info.algorithm === 'RSA' ? info.bits : 0, keys: ctx.wrappingKeys.list() };
  };

  define(app, ctx, 'GET', '/v1/wrapping-key', view);

  define(app, ctx, 'POST', '/v1/wrapping-key/rotate', async ({ actor }) => {
    const previous = ctx.wrappingKeys.active().fingerprint;
    const next = await ctx.wrappingKeys.rotate();
    ctx.journal.audit(actor.name, 'wrapping-key.rotate', 'ok', { previous, fingerprint: next.fingerprint });
    ctx.journal.emit('wrapping-key.rotated', { previous, fingerprint: next.fingerprint });
    return view();
  });

  define(app, ctx, 'POST', '/v1/wrapping-key/{fingerprint}/retire', ({ actor, params }) => {
    const fp = params.fingerprint ?? '';
    if (fp === ctx.wrappingKeys.active().fingerprint) {
      throw new ApiError(409, 'wrapping-key-active', 'the active wrapping key cannot be retired; rotate first', { field: 'fingerprint' });
    }
    if (!ctx.wrappingKeys.retire(fp)) throw new ApiError(404, 'not-found', `no previous wrapping key with fingerprint ${fp}`, { field: 'fingerprint' });
    ctx.journal.audit(actor.name, 'wrapping-key.retire', 'ok', { fingerprint: fp });
    ctx.journal.emit('wrapping-key.retired', { fingerprint: fp });
    return view();
  });
}
