// Reading the node's two secrets (master KEK, identity seed) from where the config
// points — a file or an environment variable — and hashing operator tokens.
import { readFileSync } from 'node:fs';
import { createHash, timingSafeEqual } from 'node:crypto';
import { fromHex } from '../crypto/bytes.ts';
import { ConfigError, type SecretSource } from './config.ts';

export function readSecret(source: SecretSource, what: string, bytes: number): Uint8Array {
  let text: string | undefined;
  let where: string;
  if ('file' in source) {
    where = source.file;
    try {
      text = readFileSync(source.file, 'utf8');
    } catch (e) {
      throw new ConfigError(`${what}: cannot read ${source.file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  } else {
    where = `environment variable ${source.env}`;
    text = process.env[source.env];
    if (text === undefined || text.trim() === '') throw new ConfigError(`${what}: ${where} is not set`);
  }
  let value: Uint8Array;
  try {
    value = fromHex(text.trim(), what);
  } catch {
    throw new ConfigError(`${what}: ${where} must hold ${bytes * 2} hex digits`);
  }
  if (value.length !== bytes) throw new ConfigError(`${what}: ${where} must hold ${bytes} bytes (${bytes * 2} hex digits), got ${value.length}`);
  return value;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex SHA-256 digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}
