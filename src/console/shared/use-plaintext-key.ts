// Where a page keeps a plaintext private key while the operator works with it — the only
// place: the pasted text, or a loaded file's bytes. Every plaintext key box (the import
// wizard, Inspect) uses it. Clearing empties the text and zeroes the bytes; a file replaced
// by another, and the page being left, zero theirs too (best effort: strings cannot be).
// The same box serves a public key (a KMS's wrapping key) with publicKeyOnly: a private key
// file dropped there is refused and its bytes zeroed, never held.
import { useEffect, useState } from 'react';
import { KeyFileError, readOneKeyFile } from './key-file.ts';
import { privateKeyRefusal } from './private-key-guard.ts';
import type { LoadedBinaryFile } from './KeyInput.tsx';

export interface PlaintextKey {
  text: string;
  setText: (text: string) => void;
  binaryFile: LoadedBinaryFile | null;
  /** What the crypto core should read: the file's bytes, the text, or null when empty. */
  input: string | Uint8Array | null;
  /** Why the last dropped or chosen file was not taken, or null. */
  fileError: string | null;
  /** Takes one dropped or chosen file; resolves to why it was not taken (also in fileError), or undefined. */
  loadFiles: (files: readonly File[]) => Promise<unknown>;
  clearFile: () => void;
  clear: () => void;
}

export function usePlaintextKey(options: { publicKeyOnly?: boolean } = {}): PlaintextKey {
  const [text, setText] = useState('');
  const [binaryFile, setBinaryFile] = useState<LoadedBinaryFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  // When the file is replaced or the page unmounts, the bytes it held are zeroed.
  useEffect(
    () => () => {
      binaryFile?.bytes.fill(0);
    },
    [binaryFile],
  );

  const clearFile = () => {
    binaryFile?.bytes.fill(0);
    setBinaryFile(null);
  };

  return {
    text,
    setText,
    binaryFile,
    input: binaryFile?.bytes ?? (text.trim() === '' ? null : text),
    fileError,
    async loadFiles(files) {
      setFileError(null);
      try {
        const content = await readOneKeyFile(files);
        const refused = content !== undefined && options.publicKeyOnly === true ? privateKeyRefusal(content.kind === 'text' ? content.text : content.bytes, `File "${content.name}"`) : undefined;
        if (refused !== undefined) {
          if (content?.kind === 'binary') content.bytes.fill(0);
          clearFile();
          setText('');
          setFileError(refused);
          return new KeyFileError(refused);
        }
        if (content?.kind === 'text') {
          clearFile();
          setText(content.text);
        } else if (content?.kind === 'binary') {
          binaryFile?.bytes.fill(0);
          setBinaryFile({ name: content.name, bytes: content.bytes });
        }
        return undefined;
      } catch (error) {
        setFileError(error instanceof KeyFileError ? error.message : String(error));
        return error;
      }
    },
    clearFile,
    clear() {
      clearFile();
      setText('');
    },
  };
}
