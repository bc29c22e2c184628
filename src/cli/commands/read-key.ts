// Reading a private key file for split/byok, with the curve and Ed25519 hex options the
// commands share.
import { parseCurveName } from '../../crypto/curves.ts';
import { parsePrivateKey } from '../../crypto/private-key/parse.ts';
import type { ParsePrivateKeyOptions, PrivateKey } from '../../crypto/private-key/types.ts';
import { oneOf } from '../args.ts';
import { about } from '../context.ts';
import { readInput } from '../io.ts';

export const keyOptions = {
  curve: { type: 'string' },
  'ed25519-hex': { type: 'string' },
} as const;

export async function readPrivateKey(file: string, values: { curve?: string | undefined; 'ed25519-hex'?: string | undefined }, command: string): Promise<PrivateKey> {
  const options: ParsePrivateKeyOptions = {};
  if (values.curve !== undefined) options.curve = await about('--curve', () => parseCurveName(values.curve!));
  const hex = oneOf(values['ed25519-hex'], ['seed', 'scalar'] as const, '--ed25519-hex', command);
  if (hex) options.ed25519Hex = hex;
  const data = readInput(file, 'key file');
  try {
    return await about(`--key ${file}`, () => parsePrivateKey(data, options));
  } finally {
    data.fill(0);
  }
}
