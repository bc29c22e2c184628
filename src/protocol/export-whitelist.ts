// The export-whitelist rule (the seeds' [Player] EnableExport / ExportWhiteList), in one
// place for everyone who applies it: `admits` is what a node decides before it wraps its
// share under a key (src/node/sessions/export-admission.ts enforces it), and what the
// console's export pre-check and whitelist matrix predict. `validateWhitelist` is the one
// check of a list of entries, run by the node's config loader, its PUT /v1/export-config
// and the console's draft: every bad entry reported at once. `renderPlayerToml` writes the
// section exactly as a config file holds it.
import type { z } from 'zod';
import { toBase64 } from '../crypto/bytes.ts';
import { isCryptoError } from '../crypto/errors.ts';
import { fingerprint, parseWrappingKey } from '../crypto/public-key.ts';
import type { EntryError, WhitelistEntry } from './api.ts';

export const WILDCARD = '*';

export type WhitelistEntry = z.infer<typeof WhitelistEntry>;
export type EntryError = z.infer<typeof EntryError>;

/** What `admits` needs of a node's export configuration (the GET /v1/export-config body has it, so does the node's store). */
export interface ExportWhitelist {
  enableExport: boolean;
  /** The entries as written: base64 DER SPKI, or ["*"]. */
  whitelist: readonly string[];
  /** The same entries parsed once, each with its fingerprint (none for "*"). */
  entries: readonly Pick<WhitelistEntry, 'fingerprint'>[];
}

/**
 * A node's answer to "would you wrap your share under the key with this fingerprint?":
 * - `admits`: EnableExport is on and the key is on the whitelist;
 * - `admits-wildcard`: EnableExport is on and the whitelist is "*";
 * - `export-disabled`: EnableExport is off, and the key is not listed either;
 * - `listed-export-off`: EnableExport is off although the key is listed (or "*") — turning export on would admit it;
 * - `not-whitelisted`: EnableExport is on, the key is not listed.
 */
export type Admission = 'admits' | 'admits-wildcard' | 'export-disabled' | 'listed-export-off' | 'not-whitelisted';

export function admits(config: ExportWhitelist, wrappingKeyFingerprint: string): Admission {
  const wildcard = config.whitelist.includes(WILDCARD);
  const listed = wildcard || config.entries.some((e) => e.fingerprint === wrappingKeyFingerprint);
  if (!config.enableExport) return listed ? 'listed-export-off' : 'export-disabled';
  if (!listed) return 'not-whitelisted';
  return wildcard ? 'admits-wildcard' : 'admits';
}

export const isAdmitted = (a: Admission): a is 'admits' | 'admits-wildcard' => a === 'admits' || a === 'admits-wildcard';

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
