// Multi-node sessions against a real local cluster (two sites of three node processes,
// t = 1): keygen on every curve, fail-over (export main → import failover) with the
// shares checked straight from the nodes' SQLite files, every refusal ending the same
// way on every node with nothing stored, idempotent joins, and the peer endpoint's
// refusals (replay, bad signature, unknown or finished session, wrong receiver).
// Node failure mid-session is in node-failure.test.ts (it needs nodes it can kill).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { equalBytes, fromBase64, fromHex, toBase64 } from '../../crypto/bytes.ts';
import { CURVE_NAMES, getCurve, publicKeyFromScalar, type CurveName } from '../../crypto/curves.ts';
import { encodeSpki, fingerprint } from '../../crypto/public-key.ts';
import { randomScalarBytes } from '../../crypto/random.ts';
import { importRsaDecryptKey, rsaOaepDecrypt } from '../../crypto/rsa-oaep.ts';
import { combine, type Share } from '../../crypto/shamir.ts';
import { splitAndWrap } from '../../crypto/share-transfer.ts';
import type { PeerEnvelope, SessionView } from '../../protocol/session.ts';
import { startTestCluster, type TestCluster } from '../test-support/cluster-fixture.ts';
import { joinAll, joinEach, newSessionId, NODES, siteApi, states, waitTerminal, type NodeApi } from '../test-support/join-all.ts';
import { nodeHome, readShare, readWrappingPrivateKey, type StoredShare } from '../test-support/read-share.ts';
import { PeerCrypto } from '../peer/envelope.ts';

type Site = 'main' | 'failover';

let cluster: TestCluster;
let main: NodeApi;
let failover: NodeApi;
const api = (site: Site) => (site === 'main' ? main : failover);

beforeAll(async () => {
  cluster = await startTestCluster();
  main = siteApi(cluster, 'main');
  failover = siteApi(cluster, 'failover');
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

// ---------------------------------------------------------------------------------------
// helpers

async function keyOnAll(site: Site, keyId: string): Promise<{ status: number; json: any }[]> {
  return Promise.all(NODES.map((i) => api(site)(i, 'GET', `/v1/keys/${keyId}`)));
}

async function expectNoKey(site: Site, keyId: string): Promise<void> {
  const all = await keyOnAll(site, keyId);
  expect(all.map((r) => r.status), `${site} must hold no key ${keyId}`).toEqual([404, 404, 404]);
  for (const i of NODES) expect(await readShare(cluster.home, site, i, keyId), `${site} node ${i} SQLite row for ${keyId}`).toBeUndefined();
}

function expectAllFailed(views: SessionView[], reason: string): void {
  expect(views.map((v) => v.state), JSON.stringify(views.map((v) => v.failure))).toEqual(views.map(() => 'failed'));
  for (const v of views) {
    expect(v.failure?.reason, `node ${v.node}: ${JSON.stringify(v.failure)}`).toBe(reason);
    expect(v.result).toBeUndefined();
    expect(states(v).at(-1)).toBe('failed');
  }
}

function expectAllDone(views: SessionView[]): void {
  expect(views.map((v) => v.state), JSON.stringify(views.map((v) => v.failure))).toEqual(views.map(() => 'done'));
}

async function sharesOf(site: Site, keyId: string): Promise<StoredShare[]> {
  const out: StoredShare[] = [];
  for (const i of NODES) {
    const s = await readShare(cluster.home, site, i, keyId);
    if (!s) throw new Error(`${site} node ${i} has no share of ${keyId}`);
    out.push(s);
  }
  return out;
}

const PAIRS = [
  [1, 2],
  [1, 3],
  [2, 3],
] as const;

/** Every pair of shares (t = 1) recombines to the same scalar, and all three lie on one line. */
function recombine(curve: CurveName, values: readonly Uint8Array[]): Uint8Array {
  const c = getCurve(curve);
  const shares: Share[] = values.map((value, k) => ({ index: k + 1, value }));
  const secrets = PAIRS.map(([a, b]) => combine(c, [shares[a - 1]!, shares[b - 1]!], { threshold: 1 }));
  for (const s of secrets) expect(toBase64(s)).toBe(toBase64(secrets[0]!));
  expect(toBase64(combine(c, shares, { threshold: 1 }))).toBe(toBase64(secrets[0]!));
  return secrets[0]!;
}

function spkiOf(curve: CurveName, scalar: Uint8Array): string {
  const c = getCurve(curve);
  return toBase64(encodeSpki(c, publicKeyFromScalar(c, scalar)));
}

async function setExport(index: number, enableExport: boolean, whitelist: string[]): Promise<void> {
  const current = await main(index, 'GET', '/v1/export-config');
  const put = await main(index, 'PUT', '/v1/export-config', { version: current.json.version, enableExport, whitelist });
  expect(put.status, JSON.stringify(put.json)).toBe(200);
}

async function wrappingKeysOf(site: Site): Promise<{ spki: string; fingerprint: string }[]> {
  return Promise.all(
    NODES.map(async (i) => {
      const r = await api(site)(i, 'GET', '/v1/wrapping-key');
      expect(r.status).toBe(200);
      return { spki: r.json.spki as string, fingerprint: r.json.fingerprint as string };
    }),
  );
}

async function keygen(site: Site, parameters: Record<string, unknown>): Promise<SessionView[]> {
  return joinAll(api(site), { sessionId: newSessionId(), kind: 'keygen', parameters });
}

interface TestRsa {
  spki: string;
  fingerprint: string;
  decrypt: () => Promise<CryptoKey>;
}

function testRsa(): TestRsa {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const pkcs8 = new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));
  return { spki: toBase64(der), fingerprint: fingerprint(der), decrypt: () => importRsaDecryptKey(pkcs8) };
}

/** Mismatch sides in node order, whichever node's perspective reported them. */
const sortedSides = (v: SessionView) => [...(v.failure?.sides ?? [])].sort((a, b) => a.nodes[0]! - b.nodes[0]!);

// ---------------------------------------------------------------------------------------

describe('keygen', () => {
  it.each(CURVE_NAMES)('%s: all three nodes end done with one key ID and public key, stored alike', async (curve) => {
    const views = await keygen('main', { curve });
    expectAllDone(views);
    const { keyId, publicKey } = views[0]!.result!;
    expect(keyId).toMatch(/^[A-Za-z0-9_-]{28}$/); // derived from the session ID, the same on every node
    for (const v of views) {
      expect(v.node).toBe(views.indexOf(v) + 1);
      expect(v.result).toMatchObject({ keyId, curve, threshold: 1, publicKey });
      expect(states(v)).toEqual(['waiting', 'agreed', 'running', 'done']);
      expect(v.joined).toEqual([1, 2, 3]);
      expect(v.failure).toBeUndefined();
    }
    const keys = await keyOnAll('main', keyId);
    for (const k of keys) {
      expect(k.status).toBe(200);
      expect(k.json).toMatchObject({ keyId, curve, publicKey, chainCode: false });
    }
    // The shares at rest: any two recombine to one private key whose public key is the key's.
    const shares = await sharesOf('main', keyId);
    for (const s of shares) expect(toBase64(s.publicKey)).toBe(publicKey);
    expect(new Set(shares.map((s) => s.value)).size).toBe(3);
    expect(spkiOf(curve, recombine(curve, shares.map((s) => s.share)))).toBe(publicKey);
    // Nothing of it on the other site.
    await expectNoKey('failover', keyId);
  }, 90_000);

  it('with chainCode: every node stores the same 32-byte chain code', async () => {
    const keyId = 'keygen-chain-code';
    const views = await keygen('main', { curve: 'secp256k1', keyId, chainCode: true });
    expectAllDone(views);
    for (const k of await keyOnAll('main', keyId)) expect(k.json).toMatchObject({ keyId, chainCode: true });
    const shares = await sharesOf('main', keyId);
    expect(shares[0]!.chainCode).toHaveLength(32);
    for (const s of shares) expect(toBase64(s.chainCode!)).toBe(toBase64(shares[0]!.chainCode!));
    expect(spkiOf('secp256k1', recombine('secp256k1', shares.map((s) => s.share)))).toBe(views[0]!.result!.publicKey);
  }, 90_000);
});

// ---------------------------------------------------------------------------------------

describe('fail-over: export from main, import on failover', () => {
  const cases: { curve: CurveName; chainCode: boolean }[] = [
    { curve: 'secp256k1', chainCode: true },
    { curve: 'P-384', chainCode: false },
    { curve: 'Ed25519', chainCode: false },
  ];

  it.each(cases)('$curve (chainCode $chainCode): same key on both sites, re-randomized in transit and at rest', async ({ curve, chainCode }) => {
    const target = await wrappingKeysOf('failover');
    for (const i of NODES) await setExport(i, true, [target[i - 1]!.spki]);

    const keyId = `failover-${curve}`;
    const gen = await keygen('main', { curve, keyId, chainCode });
    expectAllDone(gen);
    const publicKey = gen[0]!.result!.publicKey;
    const before = await sharesOf('main', keyId);
    const secret = recombine(curve, before.map((s) => s.share));
    expect(spkiOf(curve, secret)).toBe(publicKey);

    const exportOnce = async () => {
      const views = await joinAll(main, { sessionId: newSessionId(), kind: 'export', parameters: { keyId, wrappingKeys: target.map((k) => k.spki) } });
      expectAllDone(views);
      for (const v of views) {
        expect(states(v)).toEqual(['waiting', 'agreed', 'running', 'done']);
        expect(v.result).toMatchObject({ keyId, curve, threshold: 1, publicKey });
        expect(v.result!.share).toMatchObject({ index: v.node, wrappingKeyFingerprint: target[v.node - 1]!.fingerprint, algorithm: 'RSA-OAEP-SHA256' });
        expect(v.result!.share!.wrappedChainCode !== undefined).toBe(chainCode);
      }
      // Decrypt each exported share with the failover node's own wrapping private key.
      const plain = await Promise.all(
        views.map(async (v) => {
          const key = await readWrappingPrivateKey(cluster.home, 'failover', v.node, target[v.node - 1]!.fingerprint);
          const share = await rsaOaepDecrypt(key, fromBase64(v.result!.share!.wrappedShare));
          const cc = v.result!.share!.wrappedChainCode ? await rsaOaepDecrypt(key, fromBase64(v.result!.share!.wrappedChainCode)) : undefined;
          return { share, cc };
        }),
      );
      return { views, plain };
    };

    const first = await exportOnce();
    const second = await exportOnce();
    for (const run of [first, second]) {
      expect(toBase64(recombine(curve, run.plain.map((p) => p.share)))).toBe(toBase64(secret));
      for (const i of NODES) {
        // Re-randomized before export: what leaves is not what is stored.
        expect(equalBytes(run.plain[i - 1]!.share, before[i - 1]!.share), `exported share ${i} equals the stored one`).toBe(false);
        if (chainCode) expect(toBase64(run.plain[i - 1]!.cc!)).toBe(toBase64(before[0]!.chainCode!));
      }
    }
    for (const i of NODES) {
      expect(second.views[i - 1]!.result!.share!.wrappedShare).not.toBe(first.views[i - 1]!.result!.share!.wrappedShare);
      expect(equalBytes(second.plain[i - 1]!.share, first.plain[i - 1]!.share), `two exports gave node ${i} the same share`).toBe(false);
    }
    // Exports leave the stored shares alone.
    const after = await sharesOf('main', keyId);
    for (const i of NODES) {
      expect(toBase64(after[i - 1]!.share)).toBe(toBase64(before[i - 1]!.share));
      expect(toBase64(after[i - 1]!.sealed)).toBe(toBase64(before[i - 1]!.sealed));
    }

    // Import on failover under the same key ID: each node gets its own bundle entry.
    const importSession = newSessionId();
    const imported = await joinAll(failover, (i) => {
      const share = first.views[i - 1]!.result!.share!;
      return {
        sessionId: importSession,
        kind: 'import',
        parameters: {
          keyId,
          curve,
          threshold: 1,
          publicKey,
          share: { wrappedShare: share.wrappedShare, wrappingKeyFingerprint: share.wrappingKeyFingerprint, ...(share.wrappedChainCode ? { wrappedChainCode: share.wrappedChainCode } : {}) },
        },
      };
    });
    expectAllDone(imported);
    for (const v of imported) {
      expect(v.result).toMatchObject({ keyId, curve, threshold: 1, publicKey });
      expect(v.result!.alreadyPresent).toBeFalsy();
      expect(v.parameters).not.toHaveProperty('share'); // the wrapped share is this node's own, not part of the view
    }
    for (const k of await keyOnAll('failover', keyId)) expect(k.json).toMatchObject({ keyId, curve, publicKey, chainCode });

    const restored = await sharesOf('failover', keyId);
    expect(toBase64(recombine(curve, restored.map((s) => s.share)))).toBe(toBase64(secret));
    for (const i of NODES) {
      // Re-randomized after import: failover's shares at rest are neither main's nor the ones in transit.
      expect(equalBytes(restored[i - 1]!.share, before[i - 1]!.share), `failover share ${i} equals main's`).toBe(false);
      expect(equalBytes(restored[i - 1]!.share, first.plain[i - 1]!.share), `failover share ${i} equals the transported one`).toBe(false);
      if (chainCode) expect(toBase64(restored[i - 1]!.chainCode!)).toBe(toBase64(before[0]!.chainCode!));
      else expect(restored[i - 1]!.chainCode).toBeUndefined();
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------------------

describe('refusals: every node fails the same way and nothing is stored', () => {
  const keyId = 'refusal-source';
  let W: TestRsa[];
  let sourceShares: StoredShare[];

  beforeAll(async () => {
    W = [testRsa(), testRsa(), testRsa(), testRsa()];
    expectAllDone(await keygen('main', { curve: 'secp256k1', keyId }));
    sourceShares = await sharesOf('main', keyId);
  }, 90_000);

  const exportWith = (wrappingKeys: (i: number) => string[]) =>
    joinAll(main, ((id) => (i: number) => ({ sessionId: id, kind: 'export' as const, parameters: { keyId, wrappingKeys: wrappingKeys(i) } }))(newSessionId()));

  async function expectSourceIntact(): Promise<void> {
    const now = await sharesOf('main', keyId);
    for (const i of NODES) expect(toBase64(now[i - 1]!.sealed)).toBe(toBase64(sourceShares[i - 1]!.sealed));
  }

  it('a wrapping key not on one node\'s whitelist: not-whitelisted, naming that node', async () => {
    await setExport(1, true, [W[0]!.spki]);
    await setExport(2, true, [W[1]!.spki]);
    await setExport(3, true, [W[3]!.spki]); // W[2] is not on node 3's list
    const views = await exportWith(() => [W[0]!.spki, W[1]!.spki, W[2]!.spki]);
    expectAllFailed(views, 'not-whitelisted');
    for (const v of views) {
      expect(v.failure!.node).toBe(3);
      expect(v.failure!.message).toContain('node 3');
      expect(states(v)).toEqual(['waiting', 'agreed', 'failed']);
    }
    await expectSourceIntact();
  }, 60_000);

  it('one node with EnableExport = false: export-disabled, naming that node', async () => {
    await setExport(1, true, [W[0]!.spki]);
    await setExport(2, false, [W[1]!.spki]);
    await setExport(3, true, [W[2]!.spki]);
    const views = await exportWith(() => [W[0]!.spki, W[1]!.spki, W[2]!.spki]);
    expectAllFailed(views, 'export-disabled');
    for (const v of views) expect(v.failure!.node).toBe(2);
    await expectSourceIntact();
  }, 60_000);

  it('control: the same export with every node allowed is done, and decrypts to the key', async () => {
    for (const i of NODES) await setExport(i, true, [W[i - 1]!.spki]);
    const views = await exportWith(() => [W[0]!.spki, W[1]!.spki, W[2]!.spki]);
    expectAllDone(views);
    const plain = await Promise.all(views.map(async (v) => rsaOaepDecrypt(await W[v.node - 1]!.decrypt(), fromBase64(v.result!.share!.wrappedShare))));
    expect(toBase64(recombine('secp256k1', plain))).toBe(toBase64(recombine('secp256k1', sourceShares.map((s) => s.share))));
    await expectSourceIntact();
  }, 60_000);

  it('nodes given different wrapping keys: mismatch on wrappingKeys, with the sides', async () => {
    for (const i of NODES) await setExport(i, true, ['*']);
    const a = [W[0]!.spki, W[1]!.spki, W[2]!.spki];
    const b = [W[0]!.spki, W[1]!.spki, W[3]!.spki];
    const views = await exportWith((i) => (i === 3 ? b : a));
    expectAllFailed(views, 'mismatch');
    for (const v of views) {
      expect(v.failure!.field).toBe('wrappingKeys');
      expect(sortedSides(v)).toEqual([
        { value: a, nodes: [1, 2] },
        { value: b, nodes: [3] },
      ]);
      expect(states(v)).toEqual(['waiting', 'failed']); // never agreed
    }
    await expectSourceIntact();
  }, 60_000);

  it('nodes given different key IDs: mismatch on keyId, and no key under either ID', async () => {
    const sessionId = newSessionId();
    const views = await joinAll(main, (i) => ({ sessionId, kind: 'keygen', parameters: { curve: 'P-256', keyId: i === 1 ? 'mismatch-b' : 'mismatch-a' } }));
    expectAllFailed(views, 'mismatch');
    for (const v of views) {
      expect(v.failure!.field).toBe('keyId');
      expect(sortedSides(v)).toEqual([
        { value: 'mismatch-b', nodes: [1] },
        { value: 'mismatch-a', nodes: [2, 3] },
      ]);
    }
    await expectNoKey('main', 'mismatch-a');
    await expectNoKey('main', 'mismatch-b');
  }, 60_000);

  it('a node that never joins: timeout naming it on the nodes that did, after the join deadline', async () => {
    const sessionId = newSessionId();
    const started = Date.now();
    const views = await joinAll(main, { sessionId, kind: 'keygen', parameters: { curve: 'secp256k1', keyId: 'never-joined' }, timeoutMs: 2000 }, [1, 2], 30_000);
    expectAllFailed(views, 'timeout');
    for (const v of views) {
      expect(v.failure!.node).toBe(3);
      expect(v.failure!.message).toMatch(/node 3 did not join/);
      expect(v.joined).toEqual([1, 2]);
      expect(states(v)).toEqual(['waiting', 'failed']);
      expect(Date.parse(v.updatedAt)).toBeGreaterThanOrEqual(Date.parse(v.joinDeadline) - 50);
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await main(3, 'GET', `/v1/sessions/${sessionId}`)).status).toBe(404);
    await expectNoKey('main', 'never-joined');
  }, 60_000);

  it('an import whose shares are not of the given public key: verification-failed, nothing stored', async () => {
    const target = await wrappingKeysOf('failover');
    const curve = getCurve('secp256k1');
    const bundle = await splitAndWrap({ key: { curve: 'secp256k1', scalar: randomScalarBytes(curve) }, threshold: 1, wrappingKeys: target.map((k) => k.spki) });
    const otherPublicKey = spkiOf('secp256k1', randomScalarBytes(curve));
    const sessionId = newSessionId();
    const views = await joinAll(failover, (i) => ({
      sessionId,
      kind: 'import',
      parameters: { keyId: 'not-its-key', curve: 'secp256k1', threshold: 1, publicKey: otherPublicKey, share: { wrappedShare: toBase64(bundle.shares[i - 1]!.wrappedShare) } },
    }));
    expectAllFailed(views, 'verification-failed');
    for (const v of views) expect(states(v)).toEqual(['waiting', 'agreed', 'running', 'failed']);
    await expectNoKey('failover', 'not-its-key');
  }, 60_000);

  it('keygen under an existing key ID: key-exists, the first key untouched', async () => {
    const keyIdDup = 'duplicate-keygen';
    const first = await keygen('main', { curve: 'Ed25519', keyId: keyIdDup });
    expectAllDone(first);
    const stored = await sharesOf('main', keyIdDup);
    const second = await keygen('main', { curve: 'Ed25519', keyId: keyIdDup });
    expectAllFailed(second, 'key-exists');
    for (const k of await keyOnAll('main', keyIdDup)) expect(k.json.publicKey).toBe(first[0]!.result!.publicKey);
    const now = await sharesOf('main', keyIdDup);
    for (const i of NODES) expect(toBase64(now[i - 1]!.sealed)).toBe(toBase64(stored[i - 1]!.sealed));
  }, 60_000);

  it('concurrent keygens for one key ID: at most one is done, on every node, and the key at rest is whole', async () => {
    // Before the key-ID reservation in manager.ts, two such sessions each stored on the
    // nodes it reached first: one key ID holding shares of two different keys.
    for (let round = 0; round < 8; round++) {
      const keyIdRace = `concurrent-${round}`;
      const runs = await Promise.all(
        [0, 1, 2, 3].map(async () => {
          const body = { sessionId: newSessionId(), kind: 'keygen' as const, parameters: { curve: 'secp256k1', keyId: keyIdRace } };
          const joined = await Promise.all(
            NODES.map(async (i) => {
              await new Promise((r) => setTimeout(r, Math.random() * 30));
              return main(i, 'POST', '/v1/sessions', body);
            }),
          );
          expect(joined.map((r) => r.status)).toEqual([200, 200, 200]);
          return waitTerminal(main, body.sessionId);
        }),
      );
      const outcome = runs.map((views) => views.map((v) => `${v.state}${v.failure ? `:${v.failure.reason}` : ''}`));
      for (const o of outcome) expect([['done', 'done', 'done'], ['failed:key-exists', 'failed:key-exists', 'failed:key-exists']], JSON.stringify(outcome)).toContainEqual(o);
      const done = runs.filter((views) => views[0]!.state === 'done');
      expect(done.length, JSON.stringify(outcome)).toBeLessThanOrEqual(1);
      if (done.length === 1) {
        const shares = await sharesOf('main', keyIdRace);
        expect(spkiOf('secp256k1', recombine('secp256k1', shares.map((x) => x.share)))).toBe(done[0]![0]!.result!.publicKey);
      } else {
        await expectNoKey('main', keyIdRace);
      }
    }
  }, 120_000);

  it('import under an existing key ID: another key is key-exists, the same key is done with alreadyPresent', async () => {
    const target = await wrappingKeysOf('failover');
    const curveName: CurveName = 'P-256';
    const curve = getCurve(curveName);
    const keyIdDup = 'duplicate-import';
    const importKey = async (scalar: Uint8Array) => {
      const bundle = await splitAndWrap({ key: { curve: curveName, scalar }, threshold: 1, wrappingKeys: target.map((k) => k.spki), keyId: keyIdDup });
      const sessionId = newSessionId();
      return joinAll(failover, (i) => ({
        sessionId,
        kind: 'import',
        parameters: { keyId: keyIdDup, curve: curveName, threshold: 1, publicKey: toBase64(bundle.publicKey), share: { wrappedShare: toBase64(bundle.shares[i - 1]!.wrappedShare) } },
      }));
    };
    const a = randomScalarBytes(curve);
    const first = await importKey(a);
    expectAllDone(first);
    for (const v of first) expect(v.result!.alreadyPresent).toBeFalsy();
    const stored = await sharesOf('failover', keyIdDup);
    expect(toBase64(recombine(curveName, stored.map((s) => s.share)))).toBe(toBase64(a));

    const other = await importKey(randomScalarBytes(curve));
    expectAllFailed(other, 'key-exists');
    for (const k of await keyOnAll('failover', keyIdDup)) expect(k.json.publicKey).toBe(spkiOf(curveName, a));

    const again = await importKey(a);
    expectAllDone(again);
    for (const v of again) expect(v.result).toMatchObject({ keyId: keyIdDup, publicKey: spkiOf(curveName, a), alreadyPresent: true });
    const now = await sharesOf('failover', keyIdDup);
    for (const i of NODES) expect(toBase64(now[i - 1]!.sealed)).toBe(toBase64(stored[i - 1]!.sealed));
  }, 90_000);
});

// ---------------------------------------------------------------------------------------

describe('joining', () => {
  it('the same session ID and parameters again is the same session; other parameters are 409 session-conflict', async () => {
    const sessionId = newSessionId();
    const body = { sessionId, kind: 'keygen', parameters: { curve: 'secp256k1', keyId: 'idempotent-join' }, timeoutMs: 3000 };
    const one = await main(1, 'POST', '/v1/sessions', body);
    const two = await main(1, 'POST', '/v1/sessions', body);
    expect(one.status).toBe(200);
    expect(two.status).toBe(200);
    expect(two.json.createdAt).toBe(one.json.createdAt);
    expect(two.json.parametersHash).toBe(one.json.parametersHash);
    expect(two.json.joinDeadline).toBe(one.json.joinDeadline); // not a new session with a new deadline
    const list = await main(1, 'GET', '/v1/sessions');
    expect(list.json.sessions.filter((s: SessionView) => s.sessionId === sessionId)).toHaveLength(1);

    const otherCurve = await main(1, 'POST', '/v1/sessions', { ...body, parameters: { curve: 'P-256', keyId: 'idempotent-join' } });
    expect(otherCurve.status).toBe(409);
    expect(otherCurve.json).toMatchObject({ code: 'session-conflict', field: 'sessionId' });
    const otherKind = await main(1, 'POST', '/v1/sessions', { sessionId, kind: 'export', parameters: { keyId: 'idempotent-join', wrappingKeys: ['AAAA', 'AAAA', 'AAAA'] } });
    expect(otherKind.status).toBe(409);
    expect(otherKind.json.code).toBe('session-conflict');

    // It then times out alone; joining again returns the finished session, it does not restart it.
    const [ended] = await waitTerminal(main, sessionId, [1], 20_000);
    expect(ended!.failure?.reason).toBe('timeout');
    const three = await main(1, 'POST', '/v1/sessions', body);
    expect(three.status).toBe(200);
    expect(three.json).toMatchObject({ state: 'failed', createdAt: one.json.createdAt });
    expect(three.json.history).toEqual(ended!.history);
  }, 60_000);


  it('a read with since and waitMs is held until the session changes, or until waitMs', async () => {
    const sessionId = newSessionId();
    const body = { sessionId, kind: 'keygen' as const, parameters: { curve: 'secp256k1', keyId: 'long-poll' }, timeoutMs: 8000 };
    const joined = (await main(1, 'POST', '/v1/sessions', body)).json as SessionView;
    const path = (since: string, waitMs: number) => `/v1/sessions/${sessionId}?${new URLSearchParams({ since, waitMs: String(waitMs) })}`;

    // Nothing changes: the node answers after waitMs with the same view.
    let t0 = Date.now();
    const unchanged = await main(1, 'GET', path(joined.updatedAt, 400));
    expect(unchanged.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
    expect(unchanged.json).toMatchObject({ state: 'waiting', updatedAt: joined.updatedAt });

    // The caller holds an older view: answered at once.
    t0 = Date.now();
    const stale = await main(1, 'GET', path('2000-01-01T00:00:00.000Z', 5000));
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(stale.json.state).toBe('waiting');

    // The other nodes join while node 1 holds a read: it answers with the change, long before waitMs.
    t0 = Date.now();
    const held = main(1, 'GET', path(joined.updatedAt, 8000));
    await new Promise((r) => setTimeout(r, 200));
    await joinEach(main, body, [2, 3]);
    const changed = await held;
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(changed.json.updatedAt === joined.updatedAt && changed.json.joined.length === 1).toBe(false);

    // Out of range is refused, naming the field.
    const tooLong = await main(1, 'GET', path(joined.updatedAt, 60_000));
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.field).toBe('waitMs');
    await waitTerminal(main, sessionId);
  }, 60_000);
  it('re-joining a finished keygen on every node returns its result and generates nothing', async () => {
    const sessionId = newSessionId();
    const body = { sessionId, kind: 'keygen' as const, parameters: { curve: 'P-256', keyId: 'rejoin-done' } };
    const done = await joinAll(main, body);
    expectAllDone(done);
    const stored = await sharesOf('main', 'rejoin-done');
    const again = await joinEach(main, body);
    for (const [k, r] of again.entries()) {
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ state: 'done', result: done[k]!.result, createdAt: done[k]!.createdAt });
    }
    await new Promise((r) => setTimeout(r, 500));
    const after = await waitTerminal(main, sessionId);
    for (const [k, v] of after.entries()) expect(v.history).toEqual(done[k]!.history);
    const now = await sharesOf('main', 'rejoin-done');
    for (const i of NODES) expect(toBase64(now[i - 1]!.sealed)).toBe(toBase64(stored[i - 1]!.sealed));
  }, 60_000);

  it('a join the node cannot take is 422 and creates no session', async () => {
    const sessionId = newSessionId();
    const r = await main(1, 'POST', '/v1/sessions', { sessionId, kind: 'export', parameters: { keyId: 'x', wrappingKeys: [W2048(), W2048()] } });
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ code: 'invalid-parameters', field: 'parameters.wrappingKeys' });
    expect((await main(1, 'GET', `/v1/sessions/${sessionId}`)).status).toBe(404);
  }, 30_000);
});

function W2048(): string {
  return testRsa().spki;
}

// ---------------------------------------------------------------------------------------

describe('peer messages', () => {
  const seed = (index: number) => fromHex(readFileSync(join(nodeHome(cluster.home, 'main', index), 'identity.key'), 'utf8').trim());
  const identity = (index: number) => ed25519.getPublicKey(seed(index));
  const url = (index: number) => cluster.profile('main').nodes.find((n) => n.index === index)!.url;
  const post = async (index: number, envelope: unknown) => {
    const res = await fetch(`${url(index)}/v1/peer/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope) });
    return { status: res.status, json: (await res.json()) as any };
  };
  const asNode2 = () => new PeerCrypto(seed(2));

  let waiting: SessionView;

  beforeAll(async () => {
    // A session only node 1 has joined, waiting for the others for a long time.
    const r = await main(1, 'POST', '/v1/sessions', { sessionId: newSessionId(), kind: 'keygen', parameters: { curve: 'secp256k1', keyId: 'peer-tests' }, timeoutMs: 120_000 });
    expect(r.status).toBe(200);
    waiting = r.json;
  });

  const hello = (v: SessionView) => ({ hash: v.parametersHash, parameters: v.parameters });

  it('a message from node 2 is accepted once; the same message again is 409 replay', async () => {
    const env = await asNode2().make({ session: waiting.sessionId, kind: 'keygen', from: 2, to: 1, round: 'hello' }, hello(waiting), identity(1), false);
    const first = await post(1, env);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect((await main(1, 'GET', `/v1/sessions/${waiting.sessionId}`)).json.joined).toEqual([1, 2]);
    const replay = await post(1, env);
    expect(replay.status).toBe(409);
    expect(replay.json.code).toBe('replay');
    // A freshly signed copy of the same round (new nonce) is a replay too.
    const again = await post(1, await asNode2().make({ session: waiting.sessionId, kind: 'keygen', from: 2, to: 1, round: 'hello' }, hello(waiting), identity(1), false));
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('replay');
    expect((await main(1, 'GET', `/v1/sessions/${waiting.sessionId}`)).json.state).toBe('waiting');
  });

  it('a message signed with another key, or altered after signing, is 403 bad-signature', async () => {
    const forger = new PeerCrypto(new Uint8Array(randomBytes(32)));
    const forged = await post(1, await forger.make({ session: waiting.sessionId, kind: 'keygen', from: 3, to: 1, round: 'hello' }, hello(waiting), identity(1), false));
    expect(forged.status).toBe(403);
    expect(forged.json.code).toBe('bad-signature');

    const genuine = await asNode2().make({ session: waiting.sessionId, kind: 'keygen', from: 2, to: 1, round: 'ready' }, { ok: true }, identity(1), false);
    const altered: PeerEnvelope = { ...genuine, body: JSON.stringify({ ok: false }) };
    const r = await post(1, altered);
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('bad-signature');
    const relabelled: PeerEnvelope = { ...genuine, round: 'abort' };
    expect((await post(1, relabelled)).json.code).toBe('bad-signature');
    // Node 3 did not join (in node 1's view) because of any of these.
    expect((await main(1, 'GET', `/v1/sessions/${waiting.sessionId}`)).json.joined).not.toContain(3);
  });

  it('a sealed message sealed for another node is 403 bad-seal', async () => {
    const env = await asNode2().make({ session: waiting.sessionId, kind: 'keygen', from: 2, to: 1, round: 'deal' }, { value: '00' }, identity(3), true);
    const r = await post(1, env);
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('bad-seal');
  });

  it('a message for a session the node has not joined is 404 unknown-session', async () => {
    const r = await post(1, await asNode2().make({ session: newSessionId(), kind: 'keygen', from: 2, to: 1, round: 'hello' }, {}, identity(1), false));
    expect(r.status).toBe(404);
    expect(r.json.code).toBe('unknown-session');
  });

  it('a message addressed to another node is 400 wrong-receiver; one from an unknown node 403 unknown-peer', async () => {
    const r = await post(1, await asNode2().make({ session: waiting.sessionId, kind: 'keygen', from: 2, to: 3, round: 'ready' }, { ok: true }, identity(3), false));
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('wrong-receiver');
    const stranger = await post(1, await asNode2().make({ session: waiting.sessionId, kind: 'keygen', from: 9, to: 1, round: 'ready' }, { ok: true }, identity(1), false));
    expect(stranger.status).toBe(403);
    expect(stranger.json.code).toBe('unknown-peer');
  });

  it('a message for a finished session is 409 session-finished', async () => {
    const sessionId = newSessionId();
    const r = await main(1, 'POST', '/v1/sessions', { sessionId, kind: 'keygen', parameters: { curve: 'secp256k1', keyId: 'peer-finished' }, timeoutMs: 1000 });
    expect(r.status).toBe(200);
    const [ended] = await waitTerminal(main, sessionId, [1], 20_000);
    expect(ended!.state).toBe('failed');
    const late = await post(1, await asNode2().make({ session: sessionId, kind: 'keygen', from: 2, to: 1, round: 'hello' }, hello(ended!), identity(1), false));
    expect(late.status).toBe(409);
    expect(late.json.code).toBe('session-finished');
    expect((await main(1, 'GET', `/v1/sessions/${sessionId}`)).json.joined).toEqual([1]);
  }, 30_000);

  it('a message of another session kind is 409 kind-mismatch', async () => {
    const r = await post(1, await asNode2().make({ session: waiting.sessionId, kind: 'export', from: 2, to: 1, round: 'ready' }, { ok: true }, identity(1), false));
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('kind-mismatch');
  });
});
