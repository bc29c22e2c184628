import { describe, expect, it } from 'vitest';
import { CryptoError } from '../../../crypto/errors.ts';
import { describeInspectFailure } from './inspect-failure.ts';

describe('describeInspectFailure', () => {
  it('keeps the core error sentence, code, field and tried list', () => {
    const error = new CryptoError('unsupported-format', 'key: not a key format Keyferry reads', {
      field: 'key',
      tried: ['PEM: no BEGIN line', 'hex: not hex'],
    });
    expect(describeInspectFailure(error)).toEqual({
      message: 'key: not a key format Keyferry reads',
      code: 'unsupported-format',
      field: 'key',
      tried: ['PEM: no BEGIN line', 'hex: not hex'],
    });
  });

  it('reads a structured-cloned error (plain object) the same way', () => {
    const cloned = structuredClone({ message: 'bad', code: 'invalid-encoding', tried: ['a', 1, 'b'] });
    expect(describeInspectFailure(cloned)).toEqual({ message: 'bad', code: 'invalid-encoding', tried: ['a', 'b'] });
  });

  it('gives a sentence for errors without one', () => {
    expect(describeInspectFailure(new TypeError(''))).toMatchObject({ message: 'Inspecting failed for an unknown reason.' });
    expect(describeInspectFailure('boom')).toEqual({ message: 'Inspecting failed: boom', tried: [] });
    expect(describeInspectFailure(null)).toEqual({ message: 'Inspecting failed: null', tried: [] });
  });
});
