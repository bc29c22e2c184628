// The node's TOML configuration (docs/node-config.md): parse, validate every key, and
// report the first problem as "file:line: key: what is wrong", which the node prints
// before exiting. Secrets are referenced (file or env), never inlined.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { fromBase64 } from '../crypto/bytes.ts';
import { checkKeyId } from '../crypto/bundle.ts';
import type { z } from 'zod';
import { Role as RoleSchema } from '../protocol/api.ts';
import { validateWhitelist } from '../protocol/export-whitelist.ts';

export type Role = z.infer<typeof RoleSchema>;
export const ROLES: readonly Role[] = RoleSchema.options;

export type SecretSource = { file: string } | { env: string };

export interface PeerConfig {
  index: number;
  url: string;
  /** Raw 32-byte Ed25519 public key. */
  identityKey: Uint8Array;
}

export interface TokenConfig {
  name: string;
  role: Role;
  /** SHA-256 of the token, lowercase hex. */
  sha256: string;
}

export interface NodeConfig {
  file: string;
  site: string;
  index: number;
  threshold: number;
  players: number;
  host: string;
  port: number;
  dataDir: string;
  masterKek: SecretSource;
  identityKey: SecretSource;
  allowedOrigins: string[];
  peers: PeerConfig[];
  tokens: TokenConfig[];
  player: { enableExport: boolean; exportWhitelist: string[] };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Best-effort line of `key` inside `[section]` (or the n-th `[[section]]`), for messages. */
function lineOf(text: string, section: string | undefined, key: string | undefined, occurrence = 0): number | undefined {
  const lines = text.split(/\r?\n/);
  let inSection = section === undefined;
  let seen = -1;
  let sectionLine: number | undefined;
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) {
      if (header[1] === section) {
        seen++;
        inSection = seen === occurrence;
        if (inSection) sectionLine = i + 1;
      } else {
        inSection = false;
      }
      continue;
    }
    if (inSection && key !== undefined && new RegExp(`^"?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*=`).test(line)) return i + 1;
  }
  return sectionLine;
}

type Table = Record<string, unknown>;

class Reader {
  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  fail(section: string | undefined, key: string | undefined, why: string, occurrence = 0): never {
    const line = lineOf(this.text, section, key, occurrence);
    const where = line === undefined ? this.file : `${this.file}:${line}`;
    const name = [section, key].filter(Boolean).join('.');
    throw new ConfigError(`${where}: ${name || 'config'}: ${why}`);
  }

  table(value: unknown, section: string, required = true): Table {
    if (value === undefined && !required) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(undefined, undefined, `[${section}] section is missing`);
    return value as Table;
  }

  string(t: Table, section: string, key: string, occurrence = 0, fallback?: string): string {
    const v = t[key] ?? fallback;
    if (typeof v !== 'string' || v.trim() === '') this.fail(section, key, v === undefined ? 'is required' : 'must be a non-empty string', occurrence);
    return v;
  }

  int(t: Table, section: string, key: string, min: number, max: number, occurrence = 0): number {
    const v = t[key];
    if (typeof v !== 'number' && typeof v !== 'bigint') this.fail(section, key, v === undefined ? 'is required' : 'must be a whole number', occurrence);
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) this.fail(section, key, `must be a whole number from ${min} to ${max}, got ${String(v)}`, occurrence);
    return n;
  }

  secret(t: Table, section: string, key: string): SecretSource {
    const v = t[key];
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Table;
      const keys = Object.keys(o);
      if (keys.length === 1 && typeof o.file === 'string' && o.file) return { file: resolve(dirname(this.file), o.file) };
      if (keys.length === 1 && typeof o.env === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(o.env)) return { env: o.env };
    }
    if (typeof v === 'string') this.fail(section, key, 'must not hold the secret itself; use { file = "path" } or { env = "VARIABLE" }');
    this.fail(section, key, v === undefined ? 'is required: { file = "path" } or { env = "VARIABLE" }' : 'must be { file = "path" } or { env = "VARIABLE" }');
  }

  unknownKeys(t: Table, section: string | undefined, known: string[], occurrence = 0): void {
    for (const k of Object.keys(t)) {
      if (!known.includes(k)) this.fail(section, k, `unknown key (expected one of ${known.join(', ')})`, occurrence);
    }
  }
}

function parseListen(r: Reader, value: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value);
  if (!m || Number(m[2]) > 65535) r.fail('node', 'listen', `must be host:port (e.g. 127.0.0.1:4101), got "${value}"`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

export function parseNodeConfig(text: string, file: string): NodeConfig {
  const r: Reader = new Reader(file, text);
  let doc: Table;
  try {
    doc = parse(text) as Table;
  } catch (e) {
    if (e instanceof TomlError) throw new ConfigError(`${file}:${e.line}: not valid TOML: ${e.message.split('\n')[0]}`);
    throw e;
  }
  r.unknownKeys(doc, undefined, ['node', 'peers', 'tokens', 'Player']);
  const node = r.table(doc.node, 'node');
  r.unknownKeys(node, 'node', ['site', 'index', 'threshold', 'players', 'listen', 'dataDir', 'masterKek', 'identityKey', 'allowedOrigins']);
  const site = r.string(node, 'node', 'site');
  try {
    checkKeyId(site, 'site');
  } catch {
    r.fail('node', 'site', 'must be 1–64 characters of A–Z, a–z, 0–9, "_" and "-"');
  }
  const players = r.int(node, 'node', 'players', 2, 255);
  const threshold = r.int(node, 'node', 'threshold', 1, 254);
  if (threshold >= players) r.fail('node', 'threshold', `must be less than node.players (${players})`);
  const index = r.int(node, 'node', 'index', 1, players);
  const { host, port } = parseListen(r, r.string(node, 'node', 'listen', 0, '127.0.0.1:0'));
  const dataDir = resolve(dirname(file), r.string(node, 'node', 'dataDir'));
  const masterKek = r.secret(node, 'node', 'masterKek');
  const identityKey = r.secret(node, 'node', 'identityKey');
  const originsRaw = node.allowedOrigins ?? [];
  if (!Array.isArray(originsRaw)) r.fail('node', 'allowedOrigins', 'must be a list of origins like "http://127.0.0.1:5173"');
  const allowedOrigins = originsRaw.map((o) => {
    if (typeof o !== 'string' || !/^https?:\/\/[^/\s]+$/.test(o)) r.fail('node', 'allowedOrigins', `"${String(o)}" is not an origin (scheme://host[:port], no path)`);
    return o;
  });

  const peersRaw = doc.peers ?? [];
  if (!Array.isArray(peersRaw)) r.fail(undefined, 'peers', 'must be an array of tables: [[peers]]');
  const peers: PeerConfig[] = peersRaw.map((p, i) => {
    const t = r.table(p, 'peers');
    r.unknownKeys(t, 'peers', ['index', 'url', 'identityKey'], i);
    const peerIndex = r.int(t, 'peers', 'index', 1, players, i);
    if (peerIndex === index) r.fail('peers', 'index', `is this node's own index (${index})`, i);
    const url = r.string(t, 'peers', 'url', i);
    if (!/^https?:\/\/[^/\s]+\/?$/.test(url)) r.fail('peers', 'url', `must be a base URL like http://127.0.0.1:4102, got "${url}"`, i);
    let key: Uint8Array;
    try {
      key = fromBase64(r.string(t, 'peers', 'identityKey', i));
    } catch {
      r.fail('peers', 'identityKey', 'must be base64', i);
    }
    if (key.length !== 32) r.fail('peers', 'identityKey', `must be a 32-byte Ed25519 public key, got ${key.length} bytes`, i);
    return { index: peerIndex, url: url.replace(/\/$/, ''), identityKey: key };
  });
  const peerIndices = new Set(peers.map((p) => p.index));
  if (peerIndices.size !== peers.length) r.fail('peers', 'index', 'two [[peers]] have the same index');

  const tokensRaw = doc.tokens ?? [];
  if (!Array.isArray(tokensRaw) || tokensRaw.length === 0) r.fail(undefined, 'tokens', 'at least one [[tokens]] entry is required, or nobody can use the API');
  const tokens: TokenConfig[] = tokensRaw.map((tk, i) => {
    const t = r.table(tk, 'tokens');
    r.unknownKeys(t, 'tokens', ['name', 'role', 'sha256'], i);
    const name = r.string(t, 'tokens', 'name', i);
    const role = r.string(t, 'tokens', 'role', i);
    if (!(ROLES as readonly string[]).includes(role)) r.fail('tokens', 'role', `must be one of ${ROLES.join(', ')}, got "${role}"`, i);
    const sha256 = r.string(t, 'tokens', 'sha256', i).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) r.fail('tokens', 'sha256', 'must be 64 hex digits (SHA-256 of the token), never the token itself', i);
    return { name, role: role as Role, sha256 };
  });
  if (new Set(tokens.map((t) => t.sha256)).size !== tokens.length) r.fail('tokens', 'sha256', 'two tokens have the same hash');

  const playerRaw = r.table(doc.Player, 'Player', false);
  r.unknownKeys(playerRaw, 'Player', ['EnableExport', 'ExportWhiteList']);
  const enableExport = playerRaw.EnableExport ?? false;
  if (typeof enableExport !== 'boolean') r.fail('Player', 'EnableExport', 'must be true or false');
  const wl = playerRaw.ExportWhiteList ?? [];
  if (!Array.isArray(wl) || wl.some((e) => typeof e !== 'string')) r.fail('Player', 'ExportWhiteList', 'must be a list of base64 DER SPKI strings, or ["*"]');
  const exportWhitelist = wl as string[];
  // The same check as PUT /v1/export-config; the first refused entry is reported.
  const refused = validateWhitelist(exportWhitelist).errors[0];
  if (refused) r.fail('Player', 'ExportWhiteList', refused.message);
  return { file, site, index, threshold, players, host, port, dataDir, masterKek, identityKey, allowedOrigins, peers, tokens, player: { enableExport, exportWhitelist } };
}

export function loadNodeConfig(path: string): NodeConfig {
  const file = isAbsolute(path) ? path : resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseNodeConfig(text, file);
}
