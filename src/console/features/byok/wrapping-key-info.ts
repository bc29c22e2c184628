// What the page shows of the target's wrapping key and of an IBM import token as soon as
// they are pasted: the fingerprint (in 4-hex groups, to read aloud against the KMS's own
// console), the RSA size, and for a token its expiry and remaining retrievals. Public data
// only; the key parser is loaded on first use (the token reader comes with the page's byok.ts).
import { importTokenProblem, parseImportToken } from '../../../crypto/byok.ts';
import { groupFingerprint } from '../pairing/fingerprint-pin.ts';

export type WrappingKeyInfo = { ok: true; bits: number; fingerprint: string; grouped: string } | { ok: false; message: string };

export interface ImportTokenInfo {
  key: WrappingKeyInfo;
  expiresAt?: Date;
  remainingRetrievals?: number;
  /** Why the token cannot be used now (expired, used up), or undefined. */
  problem?: string;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function describeWrappingKey(input: string | Uint8Array): Promise<WrappingKeyInfo> {
  const { parseWrappingKey, fingerprint } = await import('../../../crypto/public-key.ts');
  try {
    const key = parseWrappingKey(input, 'wrapping key');
    const fp = fingerprint(key.der);
    return { ok: true, bits: key.bits, fingerprint: fp, grouped: groupFingerprint(fp) };
  } catch (e) {
    return { ok: false, message: messageOf(e) };
  }
}

export async function describeImportToken(text: string, now: Date): Promise<ImportTokenInfo> {
  const { fingerprint } = await import('../../../crypto/public-key.ts');
  try {
    const token = parseImportToken(text, 'import token');
    const fp = fingerprint(token.wrappingKey.der);
    const problem = importTokenProblem(token, now);
    return {
      key: { ok: true, bits: token.wrappingKey.bits, fingerprint: fp, grouped: groupFingerprint(fp) },
      ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}),
      ...(token.remainingRetrievals === undefined ? {} : { remainingRetrievals: token.remainingRetrievals }),
      ...(problem ? { problem } : {}),
    };
  } catch (e) {
    return { key: { ok: false, message: messageOf(e) } };
  }
}
