// Messages between the page and rsa-keygen.worker.ts, and the key sizes offered.

export const RSA_KEY_SIZES = [2048, 3072, 4096] as const;
export type RsaKeySize = (typeof RSA_KEY_SIZES)[number];
export const DEFAULT_RSA_KEY_SIZE: RsaKeySize = 3072;

export function isRsaKeySize(value: unknown): value is RsaKeySize {
  return RSA_KEY_SIZES.includes(value as RsaKeySize);
}

export interface KeygenRequest {
  bits: RsaKeySize;
}

export type KeygenResponse = { ok: true; spki: Uint8Array; privateKey: CryptoKey } | { ok: false; message: string };
