// Test helper: assert that a call is refused with a CryptoError of a given code, and
// (optionally) that the error names a field or says something specific.
import { expect } from 'vitest';
import { CryptoError, type CryptoErrorCode } from '../errors.ts';

export interface ExpectedError {
  field?: string | RegExp;
  message?: string | RegExp;
}

function check(e: unknown, code: CryptoErrorCode, expected: ExpectedError): CryptoError {
  expect(e, `expected a CryptoError, got ${String(e)}`).toBeInstanceOf(CryptoError);
  const err = e as CryptoError;
  expect(err.code, err.message).toBe(code);
  if (expected.field !== undefined) {
    if (typeof expected.field === 'string') expect(err.field, err.message).toBe(expected.field);
    else expect(err.field, err.message).toMatch(expected.field);
  }
  if (expected.message !== undefined) expect(err.message).toMatch(expected.message);
  return err;
}

export function expectCryptoError(fn: () => unknown, code: CryptoErrorCode, expected: ExpectedError = {}): CryptoError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) expect.fail(`expected CryptoError '${code}', but the call returned normally`);
  return check(thrown, code, expected);
}

export async function expectCryptoErrorAsync(fn: () => Promise<unknown>, code: CryptoErrorCode, expected: ExpectedError = {}): Promise<CryptoError> {
  let thrown: unknown;
  try {
    await fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) expect.fail(`expected CryptoError '${code}', but the call resolved`);
  return check(thrown, code, expected);
}
