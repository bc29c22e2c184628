// Export: the site's shares of a key leave, re-randomized, each wrapped for its
// destination. Every node first enforces its export whitelist for the wrapping key of
// its own index (export-admission.ts); then the nodes add a fresh sharing of zero, check
// the new public shares still describe the key, and wrap. Stored shares are not changed.
import type { z } from 'zod';
import { bytesToBigint, fromBase64, toBase64, wipe } from '../../crypto/bytes.ts';
import { getCurve } from '../../crypto/curves.ts';
import { fingerprint, parseSpki, parseWrappingKey } from '../../crypto/public-key.ts';
import { importRsaEncryptKey, rsaOaepEncryptWith } from '../../crypto/rsa-oaep.ts';
import type { ExportedShare, ExportParameters } from '../../protocol/session.ts';
import { enforceExportWhitelist } from './export-admission.ts';
import { fail } from './failure.ts';
import { JoinRefused, PassedChecks, type KindRunner } from './kinds.ts';
import { confirmPublicShares, rerandomize, scalarBytes } from './shared-steps.ts';

type ExportAgreed = z.infer<typeof ExportParameters>;

export const exportRunner: KindRunner<z.infer<typeof ExportParameters>, ExportAgreed, null, PassedChecks> = {
  prepare(ctx, _sessionId, p) {
    const { keyId, wrappingKeys } = p;
    if (wrappingKeys.length !== ctx.config.players) {
      throw new JoinRefused(`this site has ${ctx.config.players} nodes; give exactly one wrapping key per node, got ${wrappingKeys.length}`, 'parameters.wrappingKeys');
    }
    return { agreed: { keyId, wrappingKeys }, local: null };
  },

  ready: PassedChecks,

  async precheck(ctx, s) {
    const me = s.node;
    enforceExportWhitelist(ctx.repo.getExportConfig()!, me, mine(s.agreed, me));
    if (!ctx.repo.getKey(s.agreed.keyId)) fail('key-not-found', `node ${me} holds no key ${s.agreed.keyId}`, { node: me });
    return { ok: true };
  },

  async run(ctx, io, s) {
    const keyId = s.agreed.keyId;
    const opened = await ctx.keys.openShare(keyId);
    if (!opened) fail('key-not-found', `node ${s.node} holds no key ${keyId}`, { node: s.node });
    const curve = getCurve(opened.key.curve);
    const t = ctx.config.threshold;
    const pub = parseSpki(fromBase64(opened.key.publicKey));
    if (pub.algorithm === 'RSA') fail('internal', 'stored public key is not an EC key');
    let fresh: bigint;
    try {
      fresh = await rerandomize(io, s, curve, t, ctx.config.players, bytesToBigint(opened.share));
    } finally {
      wipe(opened.share);
    }
    await confirmPublicShares(io, s, curve, t, fresh, pub.point);
    const wrappingKey = parseWrappingKey(mine(s.agreed, s.node));
    const cryptoKey = await importRsaEncryptKey(wrappingKey);
    const shareBytes = scalarBytes(curve, fresh);
    try {
      const share: z.infer<typeof ExportedShare> = {
        index: s.node,
        wrappingKeyFingerprint: fingerprint(wrappingKey.der),
        algorithm: 'RSA-OAEP-SHA256',
        wrappedShare: toBase64(await rsaOaepEncryptWith(cryptoKey, shareBytes)),
      };
      if (opened.chainCode) share.wrappedChainCode = toBase64(await rsaOaepEncryptWith(cryptoKey, opened.chainCode));
      return { keyId, curve: curve.name, threshold: t, publicKey: opened.key.publicKey, share };
    } finally {
      wipe(shareBytes, opened.chainCode);
    }
  },
};

/** The wrapping key for node `me`: the request has one per node (checked in prepare). */
function mine(agreed: ExportAgreed, me: number): string {
  const key = agreed.wrappingKeys[me - 1];
  if (key === undefined) fail('internal', `no wrapping key for node ${me}`);
  return key;
}
