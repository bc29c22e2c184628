// Test helper: a tiny hand-rolled DER writer, so tests can build exactly the malformed or
// unusual structures the strict parsers must refuse (independent of asn1js and der.ts).
export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(contents);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return new Uint8Array(Buffer.concat([Uint8Array.of(tag, ...length), body]));
}

export const seq = (...items: Uint8Array[]) => tlv(0x30, ...items);
export const octets = (bytes: Uint8Array) => tlv(0x04, bytes);
export const bits = (bytes: Uint8Array, unused = 0) => tlv(0x03, Uint8Array.of(unused), bytes);
export const int = (...bytes: number[]) => tlv(0x02, Uint8Array.from(bytes));
export const nul = () => Uint8Array.of(0x05, 0x00);

/** OBJECT IDENTIFIER from dotted text (X.690 §8.19). */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const base128 = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) base128.unshift((v & 0x7f) | 0x80);
    out.push(...base128);
  }
  return tlv(0x06, Uint8Array.from(out));
}

export const hex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
export const toHexString = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Replace the first occurrence of `needle` in `haystack` (same length) — for byte surgery on DER. */
export function replaceBytes(haystack: Uint8Array, needle: Uint8Array, replacement: Uint8Array): Uint8Array {
  if (needle.length !== replacement.length) throw new Error('replaceBytes: lengths differ');
  const at = Buffer.from(haystack).indexOf(Buffer.from(needle));
  if (at < 0) throw new Error('replaceBytes: needle not found');
  const out = haystack.slice();
  out.set(replacement, at);
  return out;
}
