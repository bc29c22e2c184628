// /v1/health, /v1/info, /v1/openapi.json
import type { FastifyInstance } from 'fastify';
import { openApiDocument } from '../../protocol/openapi.ts';
import { toBase64 } from '../../crypto/bytes.ts';
import { define } from '../http/define.ts';
import { PeerProbe } from '../http/peers.ts';
import { NODE_VERSION, type NodeContext } from '../node.ts';
import { WILDCARD } from '../../protocol/export-whitelist.ts';

export function infoRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const probe = new PeerProbe(ctx.config.peers);
  const openapi = openApiDocument(NODE_VERSION);

  define(app, ctx, 'GET', '/v1/health', () => ({ status: 'ok' }));

  define(app, ctx, 'GET', '/v1/info', async ({ actor }) => {
    // Read before the state it describes: an event after this ID is replayed to a stream
    // opened from it, so a client never misses a change this answer does not show.
    const lastEventId = ctx.repo.lastEventId();
    const exportConfig = ctx.repo.getExportConfig()!;
    return {
      site: ctx.config.site,
      index: ctx.config.index,
      n: ctx.config.players,
      t: ctx.config.threshold,
      version: NODE_VERSION,
      wrappingKeyFingerprint: ctx.wrappingKeys.active().fingerprint,
      identityKey: toBase64(ctx.identityPublicKey),
      exportEnabled: exportConfig.enableExport,
      whitelistSize: exportConfig.whitelist.length,
      whitelistWildcard: exportConfig.whitelist.includes(WILDCARD),
      keyCount: ctx.repo.countKeys(),
      peers: await probe.status(),
      you: actor,
      lastEventId,
      pairing: ctx.repo.getPairing().record,
    };
  });

  define(app, ctx, 'GET', '/v1/openapi.json', () => openapi);
}
