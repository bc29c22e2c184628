// Input guards shared by every exported function of the crypto core. Each returns the
// checked value and names the field in its error, in the style of noble's `abytes`:
// TypeError-like problems and length problems both become CryptoError('invalid-argument').
import { CryptoError } from './errors.ts';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `Uint8Array of length ${value.length}`;
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function abytes(value: unknown, field: string, ...lengths: number[]): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new CryptoError('invalid-argument', `"${field}" expected Uint8Array, got ${describe(value)}`, { field });
  }
  if (lengths.length > 0 && !lengths.includes(value.length)) {
    throw new CryptoError(
      'invalid-argument',
      `"${field}" expected Uint8Array of length ${lengths.join(' or ')}, got length=${value.length}`,
      { field },
    );
  }
  return value;
}

export function astring(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new CryptoError('invalid-argument', `"${field}" expected string, got ${describe(value)}`, { field });
  }
  return value;
}

export function aint(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new CryptoError('invalid-argument', `"${field}" expected an integer, got ${describe(value)}`, { field });
  }
  if (value < min || value > max) {
    throw new CryptoError('invalid-argument', `"${field}" must be between ${min} and ${max}, got ${value}`, { field });
  }
  return value;
}

export function afn<T extends (...args: never[]) => unknown>(value: unknown, field: string): T {
  if (typeof value !== 'function') {
    throw new CryptoError('invalid-argument', `"${field}" expected a function, got ${describe(value)}`, { field });
  }
  return value as T;
}
