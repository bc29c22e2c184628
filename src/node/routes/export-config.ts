// /v1/export-config: EnableExport + ExportWhiteList, versioned writes (409 on a stale
// base version), per-entry validation errors (422), and the TOML rendering ([Player], then
// [Pairing] when the node records a fail-over pairing).
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ExportConfig, PutExportConfig } from '../../protocol/api.ts';
import { renderPlayerToml, validateWhitelist, type WhitelistEntry } from '../../protocol/export-whitelist.ts';
import { renderPairingToml } from '../../protocol/pairing.ts';
import { define } from '../http/define.ts';
import { ApiError } from '../http/errors.ts';
import type { NodeContext } from '../node.ts';
import type { ExportConfigRow } from '../store/repository.ts';

export function exportConfigView(row: ExportConfigRow): z.infer<typeof ExportConfig> {
  return { enableExport: row.enableExport, whitelist: row.whitelist, entries: row.entries, version: row.version, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

const fingerprints = (entries: readonly WhitelistEntry[]) => new Set(entries.map((e) => e.fingerprint ?? e.key));

export function exportConfigRoutes(app: FastifyInstance, ctx: NodeContext): void {
  define(app, ctx, 'GET', '/v1/export-config', () => exportConfigView(ctx.repo.getExportConfig()!));

  define(app, ctx, 'GET', '/v1/export-config.toml', ({ reply }) => {
    const row = ctx.repo.getExportConfig()!;
    const pairing = ctx.repo.getPairing().record;
    const toml = renderPlayerToml(row.enableExport, row.whitelist) + (pairing === null ? '' : `\n${renderPairingToml(pairing)}`);
    return reply.type('application/toml; charset=utf-8').send(toml);
  });

  define<z.infer<typeof PutExportConfig>>(app, ctx, 'PUT', '/v1/export-config', ({ actor, body }) => {
    const { entries, errors } = validateWhitelist(body.whitelist);
    if (errors.length > 0) {
      throw new ApiError(422, 'invalid-whitelist', `${errors.length} whitelist ${errors.length === 1 ? 'entry is' : 'entries are'} refused: ${errors[0]!.message}`, {
        field: 'whitelist',
        errors,
      });
    }
    const before = ctx.repo.getExportConfig()!;
    const after = ctx.repo.updateExportConfig(body.version, body.enableExport, entries, actor.name);
    if (!after) {
      const current = ctx.repo.getExportConfig()!;
      throw new ApiError(409, 'version-conflict', `the export configuration changed meanwhile (you edited version ${body.version}, it is now ${current.version} by ${current.updatedBy}); review and apply again`, {
        field: 'version',
        current: exportConfigView(current),
      });
    }
    const old = fingerprints(before.entries);
    const now = fingerprints(after.entries);
    const change = {
      version: after.version,
      enableExport: after.enableExport,
      added: [...now].filter((f) => !old.has(f)),
      removed: [...old].filter((f) => !now.has(f)),
    };
    ctx.journal.audit(actor.name, 'export-config.update', 'ok', change);
    ctx.journal.emit('export-config.changed', { ...change, by: actor.name });
    return exportConfigView(after);
  });
}
