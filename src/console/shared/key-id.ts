// Whether a text is a key ID (1–64 characters of A–Z, a–z, 0–9, "_" and "-"), for the
// routes that take one in the URL and the fields where one is typed. The pattern itself is
// the core's (crypto/names.ts, dependency-free), so the console and the nodes agree.
import { KEY_ID_PATTERN } from '../../crypto/names.ts';

export function isKeyId(text: string): boolean {
  return KEY_ID_PATTERN.test(text);
}

/** Why a typed key ID will not do, or undefined (an empty field is left to the nodes). */
export function keyIdProblem(text: string): string | undefined {
  return text !== '' && !isKeyId(text) ? 'A key ID is 1–64 characters of A–Z, a–z, 0–9, "_" and "-".' : undefined;
}
