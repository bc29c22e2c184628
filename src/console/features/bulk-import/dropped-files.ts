// What the browser hands over when the operator picks or drops keys for a bulk import, as
// files with their paths: a folder picked with <input webkitdirectory> (each File carries
// its webkitRelativePath), files picked one by one, or a drop — where a dropped folder
// arrives only as a directory entry (DataTransferItem.webkitGetAsEntry) whose files are
// listed by reading the directory, batch by batch, as the File System Entries API requires.
// Only File handles are collected here: no file is read.
import type { SourceFile } from './key-sources.ts';

/** From an <input type="file"> (with or without webkitdirectory). */
export function filesFromInput(list: FileList | readonly File[] | null): SourceFile[] {
  return Array.from(list ?? [], (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/** The slice of FileSystemEntry this needs (Chromium, Firefox and Safari all have it). */
interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
}
interface FileEntry extends Entry {
  file(ok: (file: File) => void, fail: (error: DOMException) => void): void;
}
interface DirectoryEntry extends Entry {
  createReader(): { readEntries(ok: (entries: Entry[]) => void, fail: (error: DOMException) => void): void };
}

const fileOf = (entry: FileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

async function listDirectory(dir: DirectoryEntry): Promise<Entry[]> {
  const reader = dir.createReader();
  const all: Entry[] = [];
  // readEntries answers in batches (100 in Chromium) until it answers an empty one.
  for (;;) {
    const batch = await new Promise<Entry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: Entry, out: SourceFile[]): Promise<void> {
  if (entry.isFile) {
    out.push({ path: entry.fullPath.replace(/^\//, ''), file: await fileOf(entry as FileEntry) });
  } else if (entry.isDirectory) {
    for (const child of await listDirectory(entry as DirectoryEntry)) await walk(child, out);
  }
}

/** From a drop: folders walked, files taken as they are. Entries must be taken before the first await. */
export async function filesFromDrop(data: DataTransfer): Promise<SourceFile[]> {
  const items = Array.from(data.items ?? []).filter((item) => item.kind === 'file');
  const entries = items.map((item) => (typeof item.webkitGetAsEntry === 'function' ? (item.webkitGetAsEntry() as Entry | null) : null));
  const plain = items.map((item) => item.getAsFile());
  const out: SourceFile[] = [];
  for (const [i, entry] of entries.entries()) {
    if (entry !== null) await walk(entry, out);
    else {
      const file = plain[i];
      if (file) out.push({ path: file.name, file });
    }
  }
  // A synthetic drop (or an old browser) may carry files but no items.
  if (items.length === 0) for (const file of Array.from(data.files ?? [])) out.push({ path: file.name, file });
  return out;
}
