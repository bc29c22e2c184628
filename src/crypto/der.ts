// Strict DER for the key structures Keyferry reads (SPKI, PKCS#1, PKCS#8, SEC1).
// asn1js parses BER, which is more permissive than keys deserve, so before handing bytes
// to it we walk the TLV tree ourselves and refuse anything that is not DER
// (X.690 §10): indefinite or non-minimal lengths, non-minimal INTEGERs, trailing bytes.
// Then small typed accessors read the asn1js tree and name the path that was wrong.
import * as asn1js from 'asn1js';
import { abytes } from './_guards.ts';
import { CryptoError } from './errors.ts';

const MAX_DEPTH = 16;

function fail(field: string, why: string): never {
  throw new CryptoError('invalid-encoding', `${field}: ${why}`, { field });
}

/** Walk [start, end) as a run of DER TLVs; returns nothing, throws on the first violation. */
function walk(bytes: Uint8Array, start: number, end: number, depth: number, field: string): void {
  if (depth > MAX_DEPTH) fail(field, 'nested too deeply');
  let pos = start;
  while (pos < end) {
    const tag = bytes[pos++]!;
    if ((tag & 0x1f) === 0x1f) fail(field, 'high-number tags are not used by key formats');
    if (pos >= end) fail(field, 'truncated before the length');
    const first = bytes[pos++]!;
    let length: number;
    if (first < 0x80) {
      length = first;
    } else {
      const count = first & 0x7f;
      if (count === 0) fail(field, 'indefinite length is not DER');
      if (count > 4) fail(field, 'length field too long');
      if (pos + count > end) fail(field, 'truncated inside the length');
      if (bytes[pos] === 0) fail(field, 'non-canonical length (leading zero byte)');
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
      if (length < 0x80) fail(field, 'non-canonical length (long form for a short length)');
    }
    if (pos + length > end) fail(field, `element claims ${length} bytes but only ${end - pos} remain`);
    if (tag & 0x20) {
      walk(bytes, pos, pos + length, depth + 1, field);
    } else if (tag === 0x02) {
      if (length === 0) fail(field, 'empty INTEGER');
      const b0 = bytes[pos]!;
      const b1 = bytes[pos + 1];
      if (length > 1 && ((b0 === 0x00 && b1! < 0x80) || (b0 === 0xff && b1! >= 0x80))) fail(field, 'non-minimal INTEGER encoding');
    } else if (tag === 0x03) {
      if (length === 0 || bytes[pos]! > 7) fail(field, 'malformed BIT STRING');
    } else if (tag === 0x05 && length !== 0) {
      fail(field, 'NULL with content');
    }
    pos += length;
    // The input is exactly one element: anything after it is trailing garbage.
    if (depth === 0 && pos < end) fail(field, `${end - pos} trailing byte(s) after the structure`);
  }
}

/** Parse one DER element that spans exactly `bytes`. */
export function parseDer(bytes: Uint8Array, field: string): asn1js.AsnType {
  abytes(bytes, field);
  if (bytes.length === 0) fail(field, 'empty input');
  walk(bytes, 0, bytes.length, 0, field);
  // The walk accepts a run of elements; the first one must end exactly at the end of the input.
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(bytes);
  } catch (cause) {
    // asn1js throws (rather than reporting) on some contents, e.g. a malformed GeneralizedTime.
    fail(field, `not DER (${(cause as Error).message})`);
  }
  if (parsed.offset !== bytes.length || parsed.result.error) {
    fail(field, parsed.offset === -1 ? `not DER (${parsed.result.error || 'parse error'})` : 'trailing bytes after the structure');
  }
  return parsed.result;
}

export function asSequence(node: asn1js.AsnType | undefined, field: string, min = 0, max = Infinity): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Sequence)) fail(field, 'expected a SEQUENCE');
  const items = node.valueBlock.value;
  if (items.length < min || items.length > max) {
    fail(field, `expected ${min === max ? min : `${min}..${max}`} elements, got ${items.length}`);
  }
  return items;
}

export function asOid(node: asn1js.AsnType | undefined, field: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) fail(field, 'expected an OBJECT IDENTIFIER');
  return node.valueBlock.toString();
}

/** Unsigned INTEGER contents with the DER sign byte removed; refuses negatives. */
export function asUnsignedInteger(node: asn1js.AsnType | undefined, field: string): Uint8Array {
  if (!(node instanceof asn1js.Integer)) fail(field, 'expected an INTEGER');
  const raw = node.valueBlock.valueHexView;
  if (raw[0]! & 0x80) fail(field, 'negative INTEGER');
  return raw[0] === 0 && raw.length > 1 ? raw.slice(1) : raw.slice();
}

export function asSmallInteger(node: asn1js.AsnType | undefined, field: string): number {
  const bytes = asUnsignedInteger(node, field);
  if (bytes.length > 4) fail(field, 'INTEGER too large');
  return bytes.reduce((acc, b) => acc * 256 + b, 0);
}

export function asOctetString(node: asn1js.AsnType | undefined, field: string): Uint8Array {
  if (!(node instanceof asn1js.OctetString) || node.idBlock.isConstructed) fail(field, 'expected a primitive OCTET STRING');
  return node.valueBlock.valueHexView.slice();
}

/** BIT STRING contents; key material is whole bytes, so unused bits must be 0. */
export function asBitString(node: asn1js.AsnType | undefined, field: string): Uint8Array {
  if (!(node instanceof asn1js.BitString) || node.idBlock.isConstructed) fail(field, 'expected a primitive BIT STRING');
  if (node.valueBlock.unusedBits !== 0) fail(field, 'BIT STRING with unused bits');
  return node.valueBlock.valueHexView.slice();
}

export function isNull(node: asn1js.AsnType | undefined): boolean {
  return node instanceof asn1js.Null;
}

/** Context-specific explicit tag [n] wrapping one element. */
export function explicitTag(node: asn1js.AsnType | undefined, tagNumber: number): asn1js.AsnType | undefined {
  if (!(node instanceof asn1js.Constructed) || node.idBlock.tagClass !== 3 || node.idBlock.tagNumber !== tagNumber) return undefined;
  const inner = node.valueBlock.value;
  return inner.length === 1 ? inner[0] : undefined;
}

export function isContextTag(node: asn1js.AsnType | undefined, tagNumber: number): boolean {
  return node !== undefined && node.idBlock.tagClass === 3 && node.idBlock.tagNumber === tagNumber;
}

// ---- builders -------------------------------------------------------------------------

export const der = {
  sequence: (...value: asn1js.AsnType[]) => new asn1js.Sequence({ value }),
  oid: (value: string) => new asn1js.ObjectIdentifier({ value }),
  null: () => new asn1js.Null(),
  /** Unsigned big-endian bytes → minimal DER INTEGER (sign byte added when needed). */
  uint: (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const body = bytes.subarray(start);
    const valueHex = body[0]! & 0x80 ? Uint8Array.of(0, ...body) : body.slice();
    return new asn1js.Integer({ valueHex });
  },
  small: (value: number) => new asn1js.Integer({ value }),
  octets: (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: bytes.slice() }),
  bits: (bytes: Uint8Array) => new asn1js.BitString({ valueHex: bytes.slice(), unusedBits: 0 }),
  explicit: (tagNumber: number, inner: asn1js.AsnType) =>
    new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: [inner] }),
  encode: (node: asn1js.AsnType) => new Uint8Array(node.toBER(false)),
};
