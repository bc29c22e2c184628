// Split+wrap throughput of the crypto core beside raw Web Crypto RSA-OAEP encryption on
// the same machine. Splitting a key for n nodes costs n OAEP encryptions plus the Shamir
// work and n SPKI imports, so the interesting number is how close the per-share cost
// gets to the raw OAEP cost (ratio 1.0 = no overhead beyond RSA).
import { getCurve } from '../src/crypto/curves.ts';
import { randomScalarBytes } from '../src/crypto/random.ts';
import { parseWrappingKey } from '../src/crypto/public-key.ts';
import { importRsaEncryptKey, rsaOaepEncryptWith } from '../src/crypto/rsa-oaep.ts';
import { splitAndWrap } from '../src/crypto/share-transfer.ts';
import { toBase64 } from '../src/crypto/bytes.ts';
import { opsPerSecond, type BenchResult } from './measure.ts';

async function rsaPublicKey(bits: number) {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['encrypt', 'decrypt'],
  );
  return parseWrappingKey(toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))));
}

export async function run(): Promise<BenchResult[]> {
  const n = 3;
  const bits = 3072;
  const wrappingKeys = await Promise.all(Array.from({ length: n }, () => rsaPublicKey(bits)));
  const curve = getCurve('secp256k1');
  const scalar = randomScalarBytes(curve);

  const oaepKey = await importRsaEncryptKey(wrappingKeys[0]!);
  const raw = await opsPerSecond(() => rsaOaepEncryptWith(oaepKey, scalar));
  const split = await opsPerSecond(() => splitAndWrap({ key: { curve: 'secp256k1', scalar }, threshold: 1, wrappingKeys }));
  const ratio = (split.ops * n) / raw.ops;
  const detail = { curve: 'secp256k1', n, t: 1, rsaBits: bits, runtime: `node ${process.version}` };
  return [
    { name: 'crypto.rsaOaepEncrypt', value: raw.ops, unit: 'encryptions/s', detail: { rsaBits: bits, iterations: raw.iterations } },
    { name: 'crypto.splitAndWrap', value: split.ops, unit: 'keys/s', detail: { ...detail, iterations: split.iterations } },
    {
      name: 'crypto.splitAndWrap.perShareVsRawOaep',
      value: ratio,
      unit: 'ratio',
      detail: { ...detail, meaning: '(keys/s × n) ÷ raw RSA-OAEP encryptions/s; 1.0 means splitting adds nothing beyond the RSA work' },
    },
  ];
}
