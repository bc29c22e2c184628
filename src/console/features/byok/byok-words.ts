// The BYOK page's sentences about the key being sent. Pure, so tested.
import type { ByokMaterial } from '../../../crypto/byok-compat.ts';

export function materialWords(material: ByokMaterial): string {
  switch (material.kind) {
    case 'ec':
      return `A ${material.curve} private key (PKCS#8)`;
    case 'ed25519':
      return material.form === 'seed' ? 'An Ed25519 private key (PKCS#8 seed)' : 'An Ed25519 scalar';
    case 'rsa':
      return `An RSA ${material.bits}-bit private key (PKCS#8)`;
    case 'symmetric':
      return `An AES-${material.bytes * 8} key`;
    case 'hmac':
      return `A ${material.bytes * 8}-bit HMAC key`;
  }
}

/** "Refused: …" around the worker's sentence, capitalised, ending with a stop. */
export function refusal(message: string): string {
  const sentence = `${message.charAt(0).toUpperCase()}${message.slice(1)}`;
  return `Refused: nothing was wrapped. ${/[.!?]$/.test(sentence) ? sentence : `${sentence}.`}`;
}
