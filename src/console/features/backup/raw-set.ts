// The console's cold-storage file (docs/backup.md "Console"): the console has no zip
// library, so a backup downloads one keyferry-raw-set/1 JSON file holding every node's
// record of every chosen key; restore reads such a file back (or a lone record, or a list
// of records, as the CLI writes them), naming each record it cannot read. Pure; no React.
import { RAW_SET_FORMAT, RawRecord, RawSetFile } from '../../../protocol/raw-backup.ts';

export function rawSetText(site: string, records: readonly RawRecord[], now = new Date()): string {
  const file: RawSetFile = { format: RAW_SET_FORMAT, site, createdAt: now.toISOString(), records: [...records] };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** keyferry-backup-main-2026-12-02T10-00-00Z.json */
export function rawSetFileName(site: string, now = new Date()): string {
  return `keyferry-backup-${site}-${now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`;
}

export interface ReadSet {
  records: RawRecord[];
  /** One sentence per record (or the whole file) that could not be read. */
  problems: string[];
}

export function readRawSet(text: string, site: string): ReadSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { records: [], problems: [`the file is not JSON (${(e as Error).message}); choose a file the backup page or keyferry backup made`] };
  }
  let items: unknown[];
  const set = RawSetFile.safeParse(json);
  if (set.success) {
    if (set.data.site !== site) return { records: [], problems: [`the file holds a backup of site ${set.data.site}, not ${site}; open that site's backup page`] };
    items = set.data.records;
  } else if (Array.isArray(json)) items = json;
  else if (json !== null && typeof json === 'object' && (json as { format?: unknown }).format === 'keyferry-raw/1') items = [json];
  else return { records: [], problems: [`the file is neither a ${RAW_SET_FORMAT} file nor keyferry-raw/1 records`] };
  const records: RawRecord[] = [];
  const problems: string[] = [];
  items.forEach((item, i) => {
    const r = RawRecord.safeParse(item);
    const keyId = typeof (item as { keyId?: unknown } | null)?.keyId === 'string' ? ` (key ${(item as { keyId: string }).keyId})` : '';
    if (!r.success) problems.push(`record ${i + 1}${keyId} is not a keyferry-raw/1 record: ${r.error.issues[0]!.path.join('.') || 'record'}: ${r.error.issues[0]!.message}`);
    else if (r.data.site !== site) problems.push(`record ${i + 1}${keyId} is of site ${r.data.site}, not ${site}`);
    else records.push(r.data);
  });
  return { records, problems };
}
