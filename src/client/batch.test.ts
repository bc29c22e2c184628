// Batch sessions against a real local cluster (two sites of three node processes, t = 1):
// one import session for many keys of every curve, with keys in the middle refused (a
// share wrapped for another node, a key ID held with another public key) — they alone
// fail and are stored nowhere, the rest are on every node and recombine to the key; the
// same batch again is already present; one export session for many keys (one missing)
// whose bundles open, with keys the test holds, to the original private keys; and the
// main → fail-over path through both.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../crypto/bytes.ts';
import { CURVE_NAMES, getCurve, publicKeyFromScalar, type CurveName } from '../crypto/curves.ts';
import { encodeSpki, fingerprint } from '../crypto/public-key.ts';
import { randomScalarBytes } from '../crypto/random.ts';
import { importRsaDecryptKey } from '../crypto/rsa-oaep.ts';
import { combine } from '../crypto/shamir.ts';
import { splitAndWrap, unwrapAndCombine } from '../crypto/share-transfer.ts';
import type { Bundle } from '../crypto/bundle.ts';
import { startTestCluster, type TestCluster } from '../node/test-support/cluster-fixture.ts';
import { readShare } from '../node/test-support/read-share.ts';
import { exportBatch, importBatch } from './batch.ts';
import { createSiteClient, type SiteClient } from './site-client.ts';
import { siteFromProfile } from './site.ts';

let cluster: TestCluster;
let main: SiteClient;
let failover: SiteClient;

beforeAll(async () => {
  cluster = await startTestCluster();
  main = createSiteClient(siteFromProfile(cluster.profile('main')));
  failover = createSiteClient(siteFromProfile(cluster.profile('failover')));
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

interface Made {
  keyId: string;
  curve: CurveName;
  scalar: Uint8Array;
  publicKey: string;
}

async function wrappingKeysOf(site: 'main' | 'failover'): Promise<{ spki: string; fingerprint: string }[]> {
  return Promise.all([1, 2, 3].map(async (i) => (await cluster.api(site, i, 'GET', '/v1/wrapping-key')).json as { spki: string; fingerprint: string }));
}

function makeKey(keyId: string, curve: CurveName): Made {
  const c = getCurve(curve);
  const scalar = randomScalarBytes(c);
  return { keyId, curve, scalar, publicKey: toBase64(encodeSpki(c, publicKeyFromScalar(c, scalar))) };
}

async function bundleFor(k: Made, wrappingKeys: readonly string[]): Promise<Bundle> {
  return splitAndWrap({ key: { curve: k.curve, scalar: k.scalar }, threshold: 1, wrappingKeys, keyId: k.keyId });
}

/** The three stored shares of a key recombine to its private key. */
async function expectStored(site: 'main' | 'failover', k: Made): Promise<void> {
  const shares = [];
  for (const i of [1, 2, 3]) {
    const s = await readShare(cluster.home, site, i, k.keyId);
    expect(s, `${site} node ${i} holds ${k.keyId}`).toBeDefined();
    expect(toBase64(s!.publicKey)).toBe(k.publicKey);
    shares.push({ index: i, value: s!.share });
  }
  const c = getCurve(k.curve);
  expect(toBase64(combine(c, shares.slice(0, 2), { threshold: 1 }))).toBe(toBase64(k.scalar));
  expect(toBase64(combine(c, shares.slice(1), { threshold: 1 }))).toBe(toBase64(k.scalar));
}

async function expectNowhere(site: 'main' | 'failover', keyId: string): Promise<void> {
  for (const i of [1, 2, 3]) expect(await readShare(cluster.home, site, i, keyId), `${site} node ${i} must not hold ${keyId}`).toBeUndefined();
}

const made: Made[] = [];

describe('batch import', () => {
  it('imports 40 keys of every curve in one session; a key wrapped for another node and a key ID held with another public key fail alone', async () => {
    const wk = (await wrappingKeysOf('main')).map((w) => w.spki);
    for (let i = 0; i < 40; i++) made.push(makeKey(`batch-${i}`, CURVE_NAMES[i % CURVE_NAMES.length]!));
    const bundles = await Promise.all(made.map((k) => bundleFor(k, wk)));
    // Key 17: node 2's share wrapped under node 1's key. Key 25: its ID already holds another key.
    const crossed = await bundleFor(made[17]!, [wk[1]!, wk[0]!, wk[2]!]);
    bundles[17] = { ...bundles[17]!, shares: bundles[17]!.shares.map((s, i) => (i === 1 ? crossed.shares[1]! : s)) };
    const squatter = makeKey('batch-25', 'secp256k1');
    const first = await importBatch(main, [await bundleFor(squatter, wk)]);
    expect(first.results.map((r) => r.status)).toEqual(['done']);

    const { results } = await importBatch(main, bundles);
    expect(results).toHaveLength(40);
    expect(results.map((r) => r.keyId)).toEqual(made.map((k) => k.keyId));
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed.map((r) => [r.keyId, r.reason, r.node])).toEqual([
      ['batch-17', 'unwrap-failed', 2],
      ['batch-25', 'key-exists', 1],
    ]);
    expect(failed[0]!.message).toMatch(/batch-17/);
    for (const [i, k] of made.entries()) {
      if (i === 17) await expectNowhere('main', k.keyId);
      else if (i !== 25) await expectStored('main', k);
    }
    await expectStored('main', squatter);
  }, 120_000);

  it('the same batch again: every imported key is already present, nothing stored twice', async () => {
    const wk = (await wrappingKeysOf('main')).map((w) => w.spki);
    const again = made.filter((_, i) => i !== 17 && i !== 25);
    const { results } = await importBatch(main, await Promise.all(again.map((k) => bundleFor(k, wk))));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['already-present']));
    const listed = await main.eachNode((apis, node) => apis.keys.list(node));
    for (const answer of listed) {
      expect(answer.ok).toBe(true);
      const ids = answer.ok ? answer.value.map((k) => k.keyId).filter((id) => id.startsWith('batch-')) : [];
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(39);
    }
  }, 60_000);
});

describe('batch export', () => {
  it('exports 30 keys (one missing in the middle) in one session; each bundle opens to the original private key', async () => {
    const holders = [1, 2, 3].map(() => {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const der = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
      return { spki: toBase64(der), fingerprint: fingerprint(der), pkcs8: new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' })) };
    });
    for (const [i, h] of holders.entries()) {
      const current = await cluster.api('main', i + 1, 'GET', '/v1/export-config');
      const put = await cluster.api('main', i + 1, 'PUT', '/v1/export-config', { version: current.json.version, enableExport: true, whitelist: [h.spki] });
      expect(put.status, JSON.stringify(put.json)).toBe(200);
    }
    const chosen = made.filter((_, i) => i !== 17 && i !== 25).slice(0, 29);
    const keyIds = [...chosen.slice(0, 10).map((k) => k.keyId), 'no-such-key', ...chosen.slice(10).map((k) => k.keyId)];
    const { results } = await exportBatch(main, keyIds, holders);
    expect(results.map((r) => r.keyId)).toEqual(keyIds);
    expect(results[10]).toMatchObject({ status: 'failed', reason: 'key-not-found' });
    const unwrappers = await Promise.all(holders.map(async (h, i) => ({ index: i + 1, key: await importRsaDecryptKey(h.pkcs8) })));
    for (const k of chosen) {
      const r = results.find((x) => x.keyId === k.keyId)!;
      expect(r.status, r.message).toBe('done');
      const opened = await unwrapAndCombine(r.bundle!, unwrappers);
      expect(toBase64(opened.scalar)).toBe(toBase64(k.scalar));
    }
  }, 120_000);

  it('main → fail-over: one export session under the fail-over nodes\' keys, one import session there', async () => {
    const target = await wrappingKeysOf('failover');
    for (const [i, t] of target.entries()) {
      const current = await cluster.api('main', i + 1, 'GET', '/v1/export-config');
      await cluster.api('main', i + 1, 'PUT', '/v1/export-config', { version: current.json.version, enableExport: true, whitelist: [t.spki] });
    }
    const chosen = made.filter((_, i) => i !== 17 && i !== 25).slice(0, 20);
    const exported = await exportBatch(main, chosen.map((k) => k.keyId), target);
    expect(exported.results.every((r) => r.status === 'done')).toBe(true);
    const imported = await importBatch(failover, exported.results.map((r) => r.bundle!));
    expect(imported.results.map((r) => r.status)).toEqual(chosen.map(() => 'done'));
    for (const k of chosen) await expectStored('failover', k);
  }, 120_000);
});
