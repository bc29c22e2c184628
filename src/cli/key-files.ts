// Reading the key-bearing files several commands take: wrapping keys (one per node, in
// index order) and bundles (one file, or per-share files merged back into one).
import { mergeBundles, parseBundle, type Bundle } from '../crypto/bundle.ts';
import { parseWrappingKey } from '../crypto/public-key.ts';
import type { RsaPublicKey } from '../crypto/rsa-oaep.ts';
import { about } from './context.ts';
import { readInput, readText } from './io.ts';

export async function readWrappingKeys(files: readonly string[]): Promise<RsaPublicKey[]> {
  const keys: RsaPublicKey[] = [];
  for (const [i, file] of files.entries()) {
    const data = readInput(file, `--wrapping-key #${i + 1}`);
    keys.push(await about(`--wrapping-key #${i + 1} (${file})`, () => parseWrappingKey(data, 'wrapping key')));
  }
  return keys;
}

export async function readBundles(files: readonly string[]): Promise<Bundle> {
  const parts: Bundle[] = [];
  for (const [i, file] of files.entries()) {
    const text = readText(file, `--bundle #${i + 1}`);
    parts.push(await about(`--bundle ${file}`, () => parseBundle(text, 'bundle')));
  }
  return parts.length === 1 ? parts[0]! : about(`--bundle (${files.length} files)`, () => mergeBundles(parts));
}
