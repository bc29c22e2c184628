// Importing 200 externally split keys into a 3-node site of the real local cluster (six
// node processes): sessions/s and keys/s, beside this machine's RSA-OAEP private-key
// decrypt rate — every import costs each node one RSA decrypt of its share, so that rate
// bounds the import rate; the ratio says how close the session machinery gets to it.
import { toBase64 } from '../src/crypto/bytes.ts';
import { getCurve } from '../src/crypto/curves.ts';
import { parseWrappingKey } from '../src/crypto/public-key.ts';
import { randomScalarBytes } from '../src/crypto/random.ts';
import { rsaOaepEncrypt } from '../src/crypto/rsa-oaep.ts';
import { splitAndWrap } from '../src/crypto/share-transfer.ts';
import type { Bundle } from '../src/crypto/bundle.ts';
import { runFailureSentence } from '../src/client/failure-words.ts';
import { importJoinRequest } from '../src/client/import-plan.ts';
import { newSessionId } from '../src/client/session-id.ts';
import { createSiteClient } from '../src/client/site-client.ts';
import { siteFromProfile } from '../src/client/site.ts';
import { startTestCluster } from '../src/node/test-support/cluster-fixture.ts';
import { opsPerSecond, type BenchResult } from './measure.ts';

const KEYS = Number(process.env.BENCH_IMPORT_KEYS ?? 200);
const IN_FLIGHT = 8;

async function rsaDecryptRate(bits: number): Promise<number> {
  const pair = (await crypto.subtle.generateKey({ name: 'RSA-OAEP', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt'])) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const ciphertext = await rsaOaepEncrypt(parseWrappingKey(toBase64(spki)), new Uint8Array(32).fill(7));
  const ct = new Uint8Array(ciphertext);
  return (await opsPerSecond(() => crypto.subtle.decrypt({ name: 'RSA-OAEP' }, pair.privateKey, ct))).ops;
}

export async function run(): Promise<BenchResult[]> {
  const limit = await rsaDecryptRate(3072);
  const cluster = await startTestCluster();
  try {
    const site = 'failover' as const;
    const nodes = cluster.profile(site).nodes;
    const wrappingKeys = [];
    for (const node of nodes) wrappingKeys.push(parseWrappingKey((await cluster.api(site, node.index, 'GET', '/v1/wrapping-key')).json.spki));
    const curve = getCurve('secp256k1');
    const bundles: Bundle[] = [];
    for (let i = 0; i < KEYS; i++) {
      bundles.push(await splitAndWrap({ key: { curve: 'secp256k1', scalar: randomScalarBytes(curve) }, threshold: 1, wrappingKeys, keyId: `bench-${i}` }));
    }
    // Each key is one import session run the way the console and the CLI run it (src/client).
    const client = createSiteClient(siteFromProfile(cluster.profile(site)), { timeoutMs: 30_000 });
    const importOne = async (i: number) => {
      const b = bundles[i]!;
      const sessionId = newSessionId();
      const run = await client.runSession((index) => importJoinRequest(b, index, sessionId), { pollMs: 20, stopOnRefusal: true });
      if (run.outcome !== 'done') throw new Error(`import ${i}: ${runFailureSentence(run, client.site)}`);
    };
    const start = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < KEYS) await importOne(next++);
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const rate = KEYS / seconds;
    const detail = { keys: KEYS, inFlight: IN_FLIGHT, site: 'failover (3 nodes, t = 1, RSA-3072 wrapping keys)', seconds: Number(seconds.toFixed(2)) };
    return [
      { name: 'sessions.import.sessionsPerSecond', value: rate, unit: 'sessions/s', detail },
      { name: 'sessions.import.keysPerSecond', value: rate, unit: 'keys/s', detail: { ...detail, note: 'one import session per key' } },
      { name: 'crypto.rsaOaepDecrypt3072', value: limit, unit: 'decryptions/s', detail: { rsaBits: 3072, runtime: `node ${process.version}` } },
      { name: 'sessions.import.vsRsaDecryptLimit', value: rate / limit, unit: 'ratio', detail: { meaning: 'keys/s ÷ RSA-3072 decryptions/s on this machine (each node decrypts one share per key)' } },
    ];
  } finally {
    await cluster.stop();
  }
}
