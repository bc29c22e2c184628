// Decides how a key file the operator chose or dropped is handed to the core: PEM, hex,
// base64, JSON (JWK) and WIF files are text; DER and raw key files are bytes.

/** Key files are small; anything larger is the wrong file. */
export const MAX_KEY_FILE_BYTES = 1024 * 1024;

export type KeyFileContent = { kind: 'text'; text: string } | { kind: 'binary'; bytes: Uint8Array };

export class KeyFileError extends Error {
  readonly field = 'key file';
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/**
 * Text if the bytes are valid UTF-8 with no control characters other than tab, CR and LF
 * (a UTF-8 BOM is dropped); bytes otherwise. The returned bytes are a copy.
 */
export function classifyKeyFile(bytes: Uint8Array, fileName = 'file'): KeyFileContent {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('"bytes" expected Uint8Array');
  if (bytes.length === 0) throw new KeyFileError(`Key file: "${fileName}" is empty. Choose the file that holds the key.`);
  if (bytes.length > MAX_KEY_FILE_BYTES) {
    throw new KeyFileError(
      `Key file: "${fileName}" is ${formatBytes(bytes.length)}, too large for a key (at most ${formatBytes(MAX_KEY_FILE_BYTES)}). Choose the key file itself.`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { kind: 'binary', bytes: bytes.slice() };
  }
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return { kind: 'binary', bytes: bytes.slice() };
  return { kind: 'text', text };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * The one key file an operator dropped or chose, classified. Throws KeyFileError for more
 * than one file, an empty or an oversized one; undefined when there is none.
 */
export async function readOneKeyFile(files: readonly File[]): Promise<(KeyFileContent & { name: string }) | undefined> {
  const [file] = files;
  if (file === undefined) return undefined;
  if (files.length > 1) throw new KeyFileError('Key file: drop or choose one file at a time.');
  return { ...classifyKeyFile(new Uint8Array(await file.arrayBuffer()), file.name), name: file.name };
}
