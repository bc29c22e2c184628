// What the operator dropped or picked for a bulk import, as keys for importMany: a folder of
// key files (one key per file, its key ID the file's name) and/or JSONL manifests (one
// {"keyId", "key", "chainCode"?} per line, src/client/bulk-import.ts parseManifestLine).
// Nothing is read until it is needed: `scanKeySources` counts the keys (a manifest is
// streamed line by line, a key file is not opened) and finds the entries that cannot be
// keys; `readKeySources` yields the keys one at a time as the pipeline pulls them — a key
// file is read when its turn comes, a manifest is streamed again — so only the keys in
// flight are ever in memory. An entry that cannot be a key never stops the run: it becomes
// a failed line of the report, naming the file (and line) and the fix.
import { BulkInputError, parseManifestLine, type BulkKeyInput, type BulkKeyReport } from '../../../client/bulk-import.ts';
import { KEY_ID_PATTERN } from '../../../crypto/names.ts';
import { classifyKeyFile, MAX_KEY_FILE_BYTES } from '../../shared/key-file.ts';

/** A file with the path it was found under (the folder's relative path, or its name). */
export interface SourceFile {
  path: string;
  file: Blob;
}

export interface KeySourceScan {
  /** Keys that will be offered to the import (entries that look like keys). */
  keys: number;
  /** Entries that cannot be keys, as failed report lines. */
  problems: BulkKeyReport[];
  /** Key files and manifests found. */
  keyFiles: number;
  manifests: number;
}

/** Extensions a key file may carry; the key ID is the name without it. */
const KEY_EXTENSIONS = /\.(pem|key|der|hex|txt|json|jwk|wif|xprv|priv)$/i;
const MANIFEST = /\.(jsonl|ndjson)$/i;

export const isManifest = (path: string) => MANIFEST.test(path);

/** Hidden files and folders (.DS_Store, .git/…) are never keys. */
const isHidden = (path: string) => path.split('/').some((part) => part.startsWith('.'));

/** Folder order: by path, so a run and its re-run see the keys in the same order. */
export function keySourceFiles(files: readonly SourceFile[]): SourceFile[] {
  return files.filter((f) => !isHidden(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function keyIdFromPath(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(KEY_EXTENSIONS, '');
}

type Entry = { input: BulkKeyInput } | { problem: BulkKeyReport };

const problem = (keyId: string, source: string, reason: string, message: string): Entry => ({ problem: { keyId, source, status: 'failed', reason, message } });

/** A key file as an entry; its content is read only when `read` is set. */
async function keyFileEntry(f: SourceFile, read: boolean): Promise<Entry | undefined> {
  const keyId = keyIdFromPath(f.path);
  if (!KEY_ID_PATTERN.test(keyId)) {
    return problem(keyId, f.path, 'invalid-key-id', `${f.path}: the file name "${keyId}" is not a key ID (1–64 characters of A–Z, a–z, 0–9, "_" and "-"); rename the file to the key ID the key should have`);
  }
  if (f.file.size === 0) return problem(keyId, f.path, 'empty-file', `${f.path}: the file is empty; put the private key in it or remove it from the folder`);
  if (f.file.size > MAX_KEY_FILE_BYTES) {
    return problem(keyId, f.path, 'not-a-key-file', `${f.path}: ${f.file.size} bytes is too large for a key file; remove it from the folder, or give a manifest as a .jsonl file`);
  }
  if (!read) return { input: { keyId, source: f.path, key: '' } };
  const bytes = new Uint8Array(await f.file.arrayBuffer());
  try {
    const content = classifyKeyFile(bytes, f.path);
    if (content.kind === 'text') return { input: { keyId, source: f.path, key: content.text } };
    // Binary DER is handed over as base64 DER, other binary (a raw scalar) as hex: text either way.
    const key = content.bytes[0] === 0x30 ? btoa(String.fromCharCode(...content.bytes)) : Array.from(content.bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    content.bytes.fill(0);
    return { input: { keyId, source: f.path, key } };
  } finally {
    bytes.fill(0);
  }
}

/** The lines of a text file, streamed: never more than one chunk of the file in memory. */
export async function* fileLines(file: Blob): AsyncGenerator<string> {
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += value;
      let at: number;
      while ((at = rest.indexOf('\n')) !== -1) {
        yield rest.slice(0, at).replace(/\r$/, '');
        rest = rest.slice(at + 1);
      }
    }
    if (rest !== '') yield rest.replace(/\r$/, '');
  } finally {
    reader.releaseLock();
  }
}

async function* manifestEntries(f: SourceFile): AsyncGenerator<Entry> {
  let lineNo = 0;
  for await (const line of fileLines(f.file)) {
    lineNo++;
    if (line.trim() === '') continue;
    try {
      yield { input: parseManifestLine(line, lineNo, f.path) };
    } catch (error) {
      if (!(error instanceof BulkInputError)) throw error;
      const keyId = /"keyId"\s*:\s*"([A-Za-z0-9_-]{1,64})"/.exec(line)?.[1] ?? '';
      yield problem(keyId, error.source, error.field === undefined ? 'bad-line' : `bad-${error.field}`, error.message);
    }
  }
}

async function* entries(files: readonly SourceFile[], read: boolean): AsyncGenerator<Entry> {
  for (const f of keySourceFiles(files)) {
    if (isManifest(f.path)) yield* manifestEntries(f);
    else {
      const entry = await keyFileEntry(f, read);
      if (entry !== undefined) yield entry;
    }
  }
}

/** Count what is there and find what cannot be a key; a key file is not opened, a manifest is streamed. */
export async function scanKeySources(files: readonly SourceFile[]): Promise<KeySourceScan> {
  const scan: KeySourceScan = { keys: 0, problems: [], keyFiles: 0, manifests: 0 };
  for (const f of keySourceFiles(files)) {
    if (isManifest(f.path)) scan.manifests++;
    else scan.keyFiles++;
  }
  for await (const entry of entries(files, false)) {
    if ('input' in entry) scan.keys++;
    else scan.problems.push(entry.problem);
  }
  return scan;
}

/** The keys, one at a time as they are pulled; entries that cannot be keys are left out (the scan reported them). */
export async function* readKeySources(files: readonly SourceFile[]): AsyncGenerator<BulkKeyInput> {
  for await (const entry of entries(files, true)) if ('input' in entry) yield entry.input;
}
