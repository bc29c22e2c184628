// Test helper: run the OpenSSL CLI (an implementation independent of ours and of
// node:crypto's JS surface) on files in a throwaway directory that is always removed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSSL = process.env.OPENSSL ?? '/usr/bin/openssl';

export interface TempDir {
  path: string;
  write(name: string, data: Uint8Array | string): string;
  read(name: string): Uint8Array;
}

/** Run `fn` with a fresh temp directory; the directory is deleted afterwards, pass or fail. */
export async function withTempDir<T>(fn: (dir: TempDir) => Promise<T> | T): Promise<T> {
  const path = mkdtempSync(join(tmpdir(), 'keyferry-openssl-'));
  const dir: TempDir = {
    path,
    write(name, data) {
      const file = join(path, name);
      writeFileSync(file, data);
      return file;
    },
    read: (name) => new Uint8Array(readFileSync(join(path, name))),
  };
  try {
    return await fn(dir);
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}

/** `openssl …args` in `cwd`; returns stdout, throws with OpenSSL's stderr when it fails. */
export function openssl(args: string[], cwd: string): Uint8Array {
  try {
    return new Uint8Array(execFileSync(OPENSSL, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 }));
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args.join(' ')} failed: ${stderr || (e as Error).message}`);
  }
}

/** RFC 5649 unwrap by `openssl enc` (the -iv is the RFC 5649 §3 alternative IV prefix). */
export function opensslKwpUnwrap(dir: TempDir, kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  dir.write('kwp.bin', wrapped);
  openssl(['enc', '-d', `-id-aes${kek.length * 8}-wrap-pad`, '-K', Buffer.from(kek).toString('hex'), '-iv', 'A65959A6', '-in', 'kwp.bin', '-out', 'kwp.out'], dir.path);
  return dir.read('kwp.out');
}

/** RSA-OAEP decryption by `openssl pkeyutl` with the same hash for OAEP and MGF1. */
export function opensslOaepDecrypt(dir: TempDir, privateKeyPem: string, ciphertext: Uint8Array, md: 'sha256' | 'sha1' = 'sha256'): Uint8Array {
  dir.write('k.pem', privateKeyPem);
  dir.write('oaep.bin', ciphertext);
  openssl(
    ['pkeyutl', '-decrypt', '-inkey', 'k.pem', '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-pkeyopt', `rsa_mgf1_md:${md}`, '-in', 'oaep.bin', '-out', 'oaep.out'],
    dir.path,
  );
  return dir.read('oaep.out');
}
