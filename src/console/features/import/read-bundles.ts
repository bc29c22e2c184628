// Reads one bundle file or several per-share files ("separate channels") into one
// keyferry-bundle/1, with errors that name the file and the field.
import { isCryptoError } from '../../../crypto/errors.ts';
import { mergeBundles, parseBundle, type Bundle } from '../../../crypto/bundle.ts';

export type ReadBundlesResult = { ok: true; bundle: Bundle; files: string[] } | { ok: false; message: string };

const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

export async function readBundleFiles(files: ReadonlyArray<{ name: string; size: number; text(): Promise<string> }>): Promise<ReadBundlesResult> {
  if (files.length === 0) return { ok: false, message: 'Choose the bundle file, or every per-share file of one bundle.' };
  const parts: Bundle[] = [];
  for (const file of files) {
    if (file.size > MAX_BUNDLE_BYTES) return { ok: false, message: `File "${file.name}" is too large for a bundle (over 4 MiB).` };
    try {
      parts.push(parseBundle(await file.text(), `File "${file.name}"`));
    } catch (error) {
      if (!isCryptoError(error)) throw error;
      return { ok: false, message: `${error.message}.` };
    }
  }
  try {
    return { ok: true, bundle: parts.length === 1 ? parts[0]! : mergeBundles(parts), files: files.map((f) => f.name) };
  } catch (error) {
    if (!isCryptoError(error)) throw error;
    return { ok: false, message: `These files are not shares of one bundle: ${error.message}.` };
  }
}
