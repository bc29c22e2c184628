// Generates an RSA-OAEP-SHA256 wrapping key pair off the main thread (a 4096-bit key can
// take seconds). The private key is non-extractable; it is posted back as a CryptoKey
// (structured clone keeps it opaque) with the public key's DER SPKI bytes.
import type { KeygenRequest, KeygenResponse } from './keygen-messages.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<KeygenRequest>) => {
  const { bits } = event.data;
  let response: KeygenResponse;
  try {
    const pair = await crypto.subtle.generateKey(
      // RFC 8017 §7.1 RSAES-OAEP with SHA-256; e = 65537.
      { name: 'RSA-OAEP', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      false, // the private key can never be exported; the public key is always extractable
      ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
    );
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
    response = { ok: true, spki, privateKey: pair.privateKey };
  } catch (error) {
    response = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response);
};
