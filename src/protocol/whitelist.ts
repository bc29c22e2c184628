// The export whitelist (the seeds' [Player] EnableExport / ExportWhiteList), shared by the
// node (validating a PUT) and the console (checking a draft before it is sent): every bad
// entry reported at once, and the section rendered exactly as a config file holds it.
import { toBase64 } from '../crypto/bytes.ts';
import { isCryptoError } from '../crypto/errors.ts';
import { fingerprint, parseWrappingKey } from '../crypto/public-key.ts';

export const WILDCARD = '*';

export interface EntryError {
  index: number;
  code: string;
  message: string;
}

export interface WhitelistEntry {
  /** Base64 DER SPKI, or "*". */
  key: string;
  fingerprint?: string;
  rsaBits?: number;
}

/** Normalise entries (any public-key text → one-line base64 DER) and collect per-entry errors. */
export function validateWhitelist(entries: readonly string[]): { entries: WhitelistEntry[]; errors: EntryError[] } {
  const errors: EntryError[] = [];
  const out: WhitelistEntry[] = [];
  const seen = new Map<string, number>();
  for (const [index, raw] of entries.entries()) {
    if (raw === WILDCARD) {
      if (entries.length > 1) errors.push({ index, code: 'wildcard-not-alone', message: '"*" admits every key and must be the only entry' });
      out.push({ key: WILDCARD });
      continue;
    }
    try {
      const key = parseWrappingKey(raw, `whitelist[${index}]`);
      const fp = fingerprint(key.der);
      const first = seen.get(fp);
      if (first !== undefined) {
        errors.push({ index, code: 'duplicate', message: `whitelist[${index}] is the same key as whitelist[${first}] (fingerprint ${fp.slice(0, 16)}…)` });
        continue;
      }
      seen.set(fp, index);
      out.push({ key: toBase64(key.der), fingerprint: fp, rsaBits: key.bits });
    } catch (e) {
      if (!isCryptoError(e)) throw e;
      errors.push({ index, code: e.code, message: e.message });
    }
  }
  return { entries: out, errors };
}

/** The [Player] section as a node config file holds it. */
export function renderPlayerToml(enableExport: boolean, whitelist: readonly string[]): string {
  const list = whitelist.length === 0 ? '[]' : `[\n${whitelist.map((k) => `  "${k}",`).join('\n')}\n]`;
  return `[Player]\nEnableExport = ${enableExport}\nExportWhiteList = ${list}\n`;
}
