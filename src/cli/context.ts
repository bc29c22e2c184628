// Attach "which input" to errors raised while handling that input, so a refusal reads
// "--wrapping-key #2 (node2.pem): RSA key of 1024 bits is refused; use at least 2048".
import { isCryptoError } from '../crypto/errors.ts';
import { CliError } from './errors.ts';

/** Core option fields that a CLI flag sets, so the error can name the flag. */
const FLAG_HINTS: Record<string, string> = {
  ed25519Hex: 'give --ed25519-hex seed or --ed25519-hex scalar',
};

export async function about<T>(what: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (isCryptoError(e)) {
      const tried = e.tried && e.code === 'unsupported-format' ? ` Tried: ${e.tried.join('; ')}.` : '';
      const hint = e.field && FLAG_HINTS[e.field] ? ` (${FLAG_HINTS[e.field]})` : '';
      throw new CliError(`${what}: ${e.message}${hint}.${tried}`.replace(/\.\./g, '.'));
    }
    throw e;
  }
}
