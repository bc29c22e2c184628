// Bulk work near the machine's limit (issue 13), measured side by side in one run:
//   bulk.import.*   1,000 external secp256k1 keys (PKCS#8 PEM text in a JSONL manifest) into
//                   the fail-over site of a real local cluster, as an operator does it: the
//                   compiled `keyferry import-many` (importMany, its split-and-wrap worker
//                   pool, batch import sessions), timed from its start to its exit;
//   bulk.migrate.*  the same 1,000 keys fail-over → main by migrateKeys (keyferry migrate):
//                   batch export under main's wrapping keys, batch import there, every key
//                   checked on every main node by its public shares;
//   bulk.browserSplitWrap.*  the console's worker pool in Chromium (bench/bulk-browser.ts).
// The bound for both node figures: every key costs each of the n nodes one RSA-3072
// decrypt, so the machine cannot do better than cores × (one core's decrypt rate) ÷ n.
// `npm run bench -- bulk` runs this file alone.
import { availableParallelism } from 'node:os';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateKeys } from '../src/client/migrate.ts';
import { createSiteClient } from '../src/client/site-client.ts';
import { siteFromProfile } from '../src/client/site.ts';
import { runKeyferry } from '../src/cli/test-support/run-cli.ts';
import { toBase64 } from '../src/crypto/bytes.ts';
import { parseWrappingKey } from '../src/crypto/public-key.ts';
import { rsaOaepEncrypt } from '../src/crypto/rsa-oaep.ts';
import { startTestCluster } from '../src/node/test-support/cluster-fixture.ts';
import { measureBrowserSplitWrap } from './bulk-browser.ts';
import { opsPerSecond, type BenchResult } from './measure.ts';

const KEYS = Number(process.env.BENCH_BULK_KEYS ?? 1000);
const BATCH = 250;

/** One core's RSA-OAEP-3072 decrypt rate (one at a time). */
async function rsaDecryptRate(): Promise<number> {
  const pair = (await crypto.subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt'])) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const ct = new Uint8Array(await rsaOaepEncrypt(parseWrappingKey(toBase64(spki)), new Uint8Array(32).fill(7)));
  return (await opsPerSecond(() => crypto.subtle.decrypt({ name: 'RSA-OAEP' }, pair.privateKey, ct))).ops;
}

/** Fresh secp256k1 keys from node:crypto, as PKCS#8 PEM text. */
function externalKeys(count: number): string[] {
  return Array.from({ length: count }, () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

export async function run(): Promise<BenchResult[]> {
  const cores = availableParallelism();
  const rsa = await rsaDecryptRate();
  const texts = externalKeys(KEYS);
  const cluster = await startTestCluster();
  const results: BenchResult[] = [];
  try {
    const failover = createSiteClient(siteFromProfile(cluster.profile('failover')), { timeoutMs: 60_000 });
    const main = createSiteClient(siteFromProfile(cluster.profile('main')), { timeoutMs: 60_000 });
    const n = failover.site.nodes.length;
    const bound = (cores * rsa) / n;

    // As an operator runs it: the compiled `keyferry import-many` on a JSONL manifest (its worker pool, batch sessions).
    const manifest = join(cluster.home, 'bench-keys.jsonl');
    writeFileSync(manifest, texts.map((key, i) => JSON.stringify({ keyId: `bulk-${i}`, key })).join('\n'));
    const t0 = performance.now();
    const cli = await runKeyferry(['import-many', '--site', cluster.profileFile('failover'), '--keys', manifest, '--batch-size', String(BATCH), '--json'], cluster.home);
    const seconds = (performance.now() - t0) / 1000;
    if (cli.code !== 0) throw new Error(`bulk import: keyferry import-many exited ${cli.code}: ${cli.stderr.trim().split('\n').at(-1)}`);
    const done = (JSON.parse(cli.stdout) as { progress: { done: number } }).progress.done;
    if (done !== KEYS) throw new Error(`bulk import: ${done} of ${KEYS} keys done`);
    const importRate = KEYS / seconds;

    // Migrate fail-over → main: main's nodes' wrapping keys on the fail-over nodes' whitelists.
    const targets = await Promise.all([1, 2, 3].map(async (i) => (await cluster.api('main', i, 'GET', '/v1/wrapping-key')).json as { spki: string; fingerprint: string }));
    for (const [i, t] of targets.entries()) {
      const current = await cluster.api('failover', i + 1, 'GET', '/v1/export-config');
      await cluster.api('failover', i + 1, 'PUT', '/v1/export-config', { version: current.json.version, enableExport: true, whitelist: [t.spki] });
    }
    const keyIds = texts.map((_, i) => `bulk-${i}`);
    // The product's path (keyferry migrate): batch export under main's keys while the previous batch is imported, each key checked on every main node.
    const t1 = performance.now();
    const migrated = await migrateKeys(failover, main, { keyIds, batchSize: BATCH });
    const migrateRate = KEYS / ((performance.now() - t1) / 1000);
    const moved = migrated.progress.copied;
    if (moved !== KEYS) throw new Error(`bulk migrate: ${moved} of ${KEYS} keys copied`);

    results.push(
      { name: 'bulk.rsa3072DecryptPerSecond', value: rsa, unit: 'ops/s' },
      { name: 'bulk.cores', value: cores, unit: 'count' },
      { name: 'bulk.import.keysPerSecond', value: importRate, unit: 'keys/s' },
      { name: 'bulk.import.vsRsaBound', value: importRate / bound, unit: 'ratio' },
      { name: 'bulk.migrate.keysPerSecond', value: migrateRate, unit: 'keys/s' },
      { name: 'bulk.migrate.vsRsaBound', value: migrateRate / bound, unit: 'ratio' },
    );
  } finally {
    await cluster.stop();
  }
  const browser = await measureBrowserSplitWrap();
  for (const [name, value] of Object.entries(browser)) {
    results.push({ name, value, unit: name.endsWith('Ratio') || name.endsWith('vsBound') ? 'ratio' : name.endsWith('PerSecond') ? 'keys/s' : 'count' });
  }
  return results;
}
