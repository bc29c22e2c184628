// The one error type the crypto core throws. Every refusal carries a stable code
// (for programs), a sentence (for people) and, where it applies, the input field
// that was wrong, so the CLI, node and console can all say "field X: why, and the fix".

export type CryptoErrorCode =
  | 'invalid-argument'
  | 'invalid-encoding'
  | 'unsupported-format'
  | 'unsupported-algorithm'
  | 'weak-key'
  | 'invalid-scalar'
  | 'invalid-point'
  | 'invalid-share'
  | 'verification-failed'
  | 'decrypt-failed'
  | 'invalid-bundle';

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;
  readonly field?: string;
  /** For auto-detection failures: every format that was attempted, with why it did not fit. */
  readonly tried?: readonly string[];

  constructor(code: CryptoErrorCode, message: string, options: { field?: string; tried?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CryptoError';
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    if (options.tried !== undefined) this.tried = options.tried;
  }
}

export function isCryptoError(e: unknown): e is CryptoError {
  return e instanceof CryptoError;
}
