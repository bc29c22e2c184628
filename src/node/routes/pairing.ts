// /v1/pairing: the fail-over pairing this node records (issue 11). Versioned writes like
// /v1/export-config (409 with the current record on a stale base version); the node
// checks the terms itself — a pairing only ever joins corresponding nodes, so any
// counterpart index but its own is refused (422, field counterpartIndex). The same terms
// again change nothing (same version, no audit entry): applying a pairing twice is safe.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { PutPairing, sameTerms, termsOf, type Pairing, type PairingRecord, type PutPairingRequest } from '../../protocol/pairing.ts';
import { define } from '../http/define.ts';
import { ApiError } from '../http/errors.ts';
import type { NodeContext } from '../node.ts';
import type { PairingRow } from '../store/repository.ts';

export function pairingView(row: PairingRow): Pairing {
  return {
    version: row.version,
    pairing: row.record,
    ...(row.updatedAt === null ? {} : { updatedAt: row.updatedAt }),
    ...(row.updatedBy === null ? {} : { updatedBy: row.updatedBy }),
  };
}

/** The change's values checked against the contract, or a 422 naming the first field that is wrong. */
function checkedChange(body: unknown, ctx: NodeContext): PutPairing {
  const parsed = PutPairing.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // A term's field is named by itself (counterpartFingerprint), as the contract names them.
    const path = issue.path[0] === 'pairing' ? issue.path.slice(1) : issue.path;
    const field = path.length > 0 ? path.join('.') : 'pairing';
    throw new ApiError(422, 'invalid-pairing', `${field}: ${issue.message}`, { field });
  }
  const terms = parsed.data.pairing;
  if (terms === null) return parsed.data;
  if (terms.counterpartIndex !== ctx.config.index) {
    throw new ApiError(
      422,
      'invalid-pairing',
      `counterpartIndex is ${terms.counterpartIndex}, but this is node ${ctx.config.index}: a pairing is only between corresponding nodes (node i with node i), so set counterpartIndex to ${ctx.config.index}`,
      { field: 'counterpartIndex' },
    );
  }
  if (terms.counterpartSite === terms.site) {
    throw new ApiError(422, 'invalid-pairing', `counterpartSite is "${terms.counterpartSite}", the same as site: a site cannot be its own fail-over; name the other site`, {
      field: 'counterpartSite',
    });
  }
  return parsed.data;
}

export function pairingRoutes(app: FastifyInstance, ctx: NodeContext): void {
  define(app, ctx, 'GET', '/v1/pairing', () => pairingView(ctx.repo.getPairing()));

  define<z.infer<typeof PutPairingRequest>>(app, ctx, 'PUT', '/v1/pairing', ({ actor, body }) => {
    const change = checkedChange(body, ctx);
    const before = ctx.repo.getPairing();
    const unchanged = change.pairing === null ? before.record === null : before.record !== null && sameTerms(termsOf(before.record), change.pairing);
    if (unchanged) return pairingView(before);

    const record: PairingRecord | null = change.pairing === null ? null : { ...termsOf(change.pairing), pairedBy: actor.name, pairedAt: new Date().toISOString() };
    const after = ctx.repo.updatePairing(change.version, record, actor.name);
    if (!after) {
      const current = ctx.repo.getPairing();
      throw new ApiError(
        409,
        'version-conflict',
        `the pairing record changed meanwhile (you edited version ${change.version}, it is now ${current.version}${current.updatedBy === null ? '' : ` by ${current.updatedBy}`}); read it and apply again`,
        { field: 'version', current: pairingView(current) },
      );
    }
    ctx.journal.audit(actor.name, 'pairing.update', 'ok', { version: after.version, old: before.record && termsOf(before.record), new: after.record && termsOf(after.record) });
    ctx.journal.emit('pairing.changed', { version: after.version, pairing: after.record, by: actor.name });
    return pairingView(after);
  });
}
