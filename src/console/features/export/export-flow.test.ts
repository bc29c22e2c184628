// assembleBundle, recoverKey and the target-key parsers against real RSA keys and a real
// sharing: a key split with the core's Shamir, wrapped with RSA-OAEP, shaped as the nodes'
// session views.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { rsaFixture, webCryptoDecryptKey, type RsaFixture } from '../../../crypto/test-support/rsa.ts';
import { toBase64, toHex } from '../../../crypto/bytes.ts';
import { getCurve, publicKeyFromScalar } from '../../../crypto/curves.ts';
import { encodeSpki, fingerprint, parseWrappingKey } from '../../../crypto/public-key.ts';
import { randomScalarBytes as randomScalar } from '../../../crypto/random.ts';
import { importRsaEncryptKeyCached, rsaOaepEncryptWith } from '../../../crypto/rsa-oaep.ts';
import { splitShares } from '../../../crypto/shamir.ts';
import { encodePrivateKey } from '../../../crypto/private-key/encode.ts';
import type { SessionView } from '../../../client/sessions.ts';
import { assembleBundle } from '../../../client/export-plan.ts';
import { ResultError } from '../../../client/session-result.ts';
import { recoverKey } from './recover.ts';
import { browserKeys, parsePastedKeys, siteKeys } from './target-keys.ts';

let rsa: RsaFixture[];
beforeAll(async () => {
  rsa = await Promise.all([rsaFixture(2048), rsaFixture(2048), rsaFixture(2048)]);
}, 60_000);

/** Three nodes' done views of an export of a fresh secp256k1 key, each share wrapped under keys[i]. */
async function exportViews(keys: RsaFixture[], keyId = 'k1') {
  const curve = getCurve('secp256k1');
  const scalar = randomScalar(curve);
  const publicKey = toBase64(encodeSpki(curve, publicKeyFromScalar(curve, scalar)));
  const shares = splitShares(curve, scalar, { n: 3, t: 1 });
  const views: SessionView[] = [];
  for (const [i, share] of shares.entries()) {
    const wrapping = parseWrappingKey(keys[i]!.spkiDer);
    const wrapped = await rsaOaepEncryptWith(await importRsaEncryptKeyCached(wrapping), share.value);
    views.push({
      sessionId: 'AAAAAAAAAAAAAAAAAAAAAA',
      kind: 'export',
      state: 'done',
      node: i + 1,
      site: 'main',
      parameters: {},
      parametersHash: 'x',
      joined: [1, 2, 3],
      createdAt: '',
      updatedAt: '',
      joinDeadline: '',
      deadline: '',
      history: [],
      result: {
        keyId,
        curve: 'secp256k1',
        threshold: 1,
        publicKey,
        share: { index: i + 1, wrappingKeyFingerprint: fingerprint(wrapping.der), algorithm: 'RSA-OAEP-SHA256', wrappedShare: toBase64(wrapped) },
      },
    });
  }
  return { views, publicKey, scalar, fingerprints: keys.map((k) => fingerprint(k.spkiDer)) };
}

describe('assembleBundle', () => {
  it('builds a valid bundle when the nodes agree', async () => {
    const { views, publicKey, fingerprints } = await exportViews(rsa);
    const bundle = assembleBundle({ views: [...views].reverse(), fingerprints, expected: { keyId: 'k1', publicKey } });
    expect(bundle.shares.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(bundle.shares.map((s) => s.wrappingKeyFingerprint)).toEqual(fingerprints);
    expect(bundle.keyId).toBe('k1');
  });

  it('refuses nodes that disagree, wrong fingerprints, unfinished nodes and another key', async () => {
    const { views, publicKey, fingerprints } = await exportViews(rsa);
    const other = structuredClone(views);
    other[2]!.result!.threshold = 2;
    expect(() => assembleBundle({ views: other, fingerprints, expected: { keyId: 'k1', publicKey } })).toThrow(/different thresholds \(node 1: 1, node 3: 2\)/);
    expect(() => assembleBundle({ views, fingerprints: [fingerprints[1]!, fingerprints[0]!, fingerprints[2]!], expected: { keyId: 'k1', publicKey } })).toThrow(
      /Node 1 wrapped its share for .*not for the wrapping key given for node 1/,
    );
    const failed = structuredClone(views);
    failed[1]!.state = 'failed';
    expect(() => assembleBundle({ views: failed, fingerprints, expected: { keyId: 'k1', publicKey } })).toThrow('Node 2 has not finished the export (failed).');
    expect(() => assembleBundle({ views, fingerprints, expected: { keyId: 'k2', publicKey } })).toThrow(ResultError);
    expect(() => assembleBundle({ views, fingerprints, expected: { keyId: 'k1', publicKey: 'AAAA' } })).toThrow(/public key differs/);
  });
});

describe('recoverKey', () => {
  it('unwraps every share with one non-extractable key and verifies the public key', async () => {
    const same = [rsa[0]!, rsa[0]!, rsa[0]!];
    const { views, publicKey, scalar, fingerprints } = await exportViews(same);
    const bundle = assembleBundle({ views, fingerprints, expected: { keyId: 'k1', publicKey } });
    const key = await webCryptoDecryptKey(rsa[0]!);
    expect(key.extractable).toBe(false);
    const recovered = await recoverKey(bundle, key, publicKey);
    expect(toHex(recovered.scalar)).toBe(toHex(scalar));
    // Cross-check with node:crypto: the PKCS#8 output's public key is the site's.
    const pem = encodePrivateKey(recovered, 'pkcs8');
    expect(createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64')).toBe(publicKey);
  });

  it('refuses a bundle whose public key is not the site’s, and a wrong unwrapping key', async () => {
    const same = [rsa[0]!, rsa[0]!, rsa[0]!];
    const { views, publicKey, fingerprints } = await exportViews(same);
    const bundle = assembleBundle({ views, fingerprints, expected: { keyId: 'k1', publicKey } });
    const otherKey = toBase64(encodeSpki(getCurve('secp256k1'), publicKeyFromScalar(getCurve('secp256k1'), randomScalar(getCurve('secp256k1')))));
    await expect(recoverKey(bundle, await webCryptoDecryptKey(rsa[0]!), otherKey)).rejects.toThrow(/not the site’s/);
    await expect(recoverKey(bundle, await webCryptoDecryptKey(rsa[1]!), publicKey)).rejects.toThrow();
  });
});

describe('target keys', () => {
  it('parses one pasted key per node and names the field of each error', () => {
    const ok = parsePastedKeys(rsa.map((r) => r.spkiPem));
    expect(ok.ok && ok.keys.map((k) => k.fingerprint)).toEqual(rsa.map((r) => fingerprint(r.spkiDer)));
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const bad = parsePastedKeys([rsa[0]!.spkiPem, ec, '']);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['Wrapping key for node 2', 'Wrapping key for node 3']);
    expect(!bad.ok && bad.errors[0]!.message).toBe('Wrapping key for node 2: a wrapping key must be RSA, got EC');
    const dup = parsePastedKeys([rsa[0]!.spkiPem, rsa[1]!.spkiPem, rsa[0]!.spkiPem]);
    expect(!dup.ok && dup.errors[0]!.message).toMatch(/node 3: the same key as for node 1/);
  });

  it('takes a connected site’s keys only when it has as many nodes', () => {
    const answers = rsa.map((r, i) => ({ index: i + 1, spki: toBase64(r.spkiDer), fingerprint: fingerprint(r.spkiDer), bits: 2048 }));
    expect(siteKeys('failover', 3, answers).ok).toBe(true);
    const fewer = siteKeys('failover', 4, answers);
    expect(!fewer.ok && fewer.errors[0]!.message).toMatch(/Site failover has 3 nodes, this site has 4/);
    const failing = siteKeys('failover', 3, [answers[0]!, { index: 2, error: 'token refused' }, answers[2]!]);
    expect(!failing.ok && failing.errors[0]!.message).toBe('Could not read the wrapping key of node 2 of site failover: token refused.');
  });

  it('repeats one browser key for every node', () => {
    const keys = browserKeys(rsa[0]!.spkiDer, 3);
    expect(new Set(keys.map((k) => k.fingerprint))).toEqual(new Set([fingerprint(rsa[0]!.spkiDer)]));
    expect(keys).toHaveLength(3);
  });
});
