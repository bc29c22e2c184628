// Turns whatever inspecting threw into what the error panel shows: the core's sentence,
// its code and field, and — for auto-detection failures — every format it tried.
// Duck-typed rather than `instanceof CryptoError`, so it also reads errors that crossed
// a worker boundary (structured clone keeps own properties, not the class).

export interface InspectFailure {
  message: string;
  code?: string;
  field?: string;
  tried: readonly string[];
}

export function describeInspectFailure(error: unknown): InspectFailure {
  if (typeof error !== 'object' || error === null) {
    return { message: `Inspecting failed: ${String(error)}`, tried: [] };
  }
  const { message, code, field, tried } = error as Record<string, unknown>;
  const failure: InspectFailure = {
    message: typeof message === 'string' && message !== '' ? message : 'Inspecting failed for an unknown reason.',
    tried: Array.isArray(tried) ? tried.filter((t): t is string => typeof t === 'string') : [],
  };
  if (typeof code === 'string') failure.code = code;
  if (typeof field === 'string') failure.field = field;
  return failure;
}

/** The operator pressed Inspect with nothing to inspect. */
export const EMPTY_INPUT_FAILURE: InspectFailure = {
  message: 'Key: nothing to inspect. Paste a key into the box, or choose or drop a key file.',
  code: 'invalid-argument',
  field: 'key',
  tried: [],
};
