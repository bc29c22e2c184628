// Where the import wizard keeps the plaintext private key — and the only place: the pasted
// text or a loaded file's bytes, until the shares exist. Clearing empties the text and
// zeroes the bytes; a file replaced by another, and the page being left, zero theirs too.
import { useEffect, useState } from 'react';
import { KeyFileError, readOneKeyFile } from '../../shared/key-file.ts';
import type { LoadedBinaryFile } from '../../shared/KeyInput.tsx';

export interface PlaintextKey {
  text: string;
  setText: (text: string) => void;
  binaryFile: LoadedBinaryFile | null;
  /** What the crypto core should read: the file's bytes, the text, or null when empty. */
  input: string | Uint8Array | null;
  /** Why the last dropped or chosen file was not taken, or null. */
  fileError: string | null;
  loadFiles: (files: readonly File[]) => Promise<void>;
  clearFile: () => void;
  clear: () => void;
}

export function usePlaintextKey(): PlaintextKey {
  const [text, setText] = useState('');
  const [binaryFile, setBinaryFile] = useState<LoadedBinaryFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

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
        if (content?.kind === 'text') {
          clearFile();
          setText(content.text);
        } else if (content?.kind === 'binary') {
          binaryFile?.bytes.fill(0);
          setBinaryFile({ name: content.name, bytes: content.bytes });
        }
      } catch (error) {
        setFileError(error instanceof KeyFileError ? error.message : String(error));
      }
    },
    clearFile,
    clear() {
      clearFile();
      setText('');
    },
  };
}
