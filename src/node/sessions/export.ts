// Export: the site's shares of a key leave, re-randomized, each wrapped for its
// destination. Every node checks EnableExport and that the wrapping key for its own index
// is on its whitelist (or the whitelist is "*"); then the nodes add a fresh sharing of
// zero, check the new public shares still describe the key, and wrap. Stored shares are
// not changed.
import { bytesToBigint, fromBase64, toBase64, wipe } from '../../crypto/bytes.ts';
import { getCurve, type CurveName } from '../../crypto/curves.ts';
import { isCryptoError } from '../../crypto/errors.ts';
import { fingerprint, parseSpki, parseWrappingKey } from '../../crypto/public-key.ts';
import { importRsaEncryptKey, rsaOaepEncryptWith } from '../../crypto/rsa-oaep.ts';
import { WILDCARD, validateWhitelist } from '../../protocol/whitelist.ts';
import { fail } from './failure.ts';
import { JoinRefused, type KindRunner } from './kinds.ts';
import { confirmPublicShares, rerandomize, scalarBytes } from './shared-steps.ts';

export const exportRunner: KindRunner = {
  prepare(ctx, _sessionId, p) {
    const wrappingKeys = p.wrappingKeys as string[];
    if (wrappingKeys.length !== ctx.config.players) {
      throw new JoinRefused(`this site has ${ctx.config.players} nodes; give exactly one wrapping key per node, got ${wrappingKeys.length}`, 'parameters.wrappingKeys');
    }
    return { agreed: { keyId: p.keyId, wrappingKeys }, local: {} };
  },

  async precheck(ctx, s) {
    const me = s.node;
    const config = ctx.repo.getExportConfig()!;
    if (!config.enableExport) fail('export-disabled', `node ${me} has export disabled (EnableExport = false)`, { node: me });
    const mine = (s.agreed.wrappingKeys as string[])[me - 1]!;
    let fp: string;
    try {
      fp = fingerprint(parseWrappingKey(mine, `wrappingKeys[${me - 1}]`).der);
    } catch (e) {
      fail('invalid-parameters', `node ${me}: ${isCryptoError(e) ? e.message : 'the wrapping key for this node is not usable'}`, { node: me, field: `wrappingKeys[${me - 1}]` });
    }
    const allowed = config.whitelist.includes(WILDCARD) || validateWhitelist(config.whitelist).entries.some((e) => e.fingerprint === fp);
    if (!allowed) fail('not-whitelisted', `node ${me} refuses to export under wrapping key ${fp.slice(0, 16)}…: it is not on node ${me}'s ExportWhiteList`, { node: me });
    if (!ctx.repo.getKey(String(s.agreed.keyId))) fail('key-not-found', `node ${me} holds no key ${String(s.agreed.keyId)}`, { node: me });
    return { ok: true };
  },

  async run(ctx, io, s) {
    const keyId = String(s.agreed.keyId);
    const opened = await ctx.keys.openShare(keyId);
    if (!opened) fail('key-not-found', `node ${s.node} holds no key ${keyId}`, { node: s.node });
    const curve = getCurve(opened.key.curve as CurveName);
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
    const wrappingKey = parseWrappingKey((s.agreed.wrappingKeys as string[])[s.node - 1]!);
    const cryptoKey = await importRsaEncryptKey(wrappingKey);
    const shareBytes = scalarBytes(curve, fresh);
    try {
      const share: Record<string, unknown> = {
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
