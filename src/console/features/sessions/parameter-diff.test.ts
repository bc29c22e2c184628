import { describe, expect, it } from 'vitest';
import { canonicalJson, compareParameters, mismatchDiff, valueText } from './parameter-diff.ts';
import { view } from './test-support/session-views.ts';

describe('compareParameters', () => {
  it('finds nothing when the nodes agree (key order does not matter)', () => {
    expect(compareParameters([view(1), view(2, { parameters: { curve: 'secp256k1', chainCode: false, keyId: 'k1' } })])).toEqual([]);
  });
  it('names each differing field and which nodes hold which value', () => {
    const views = [view(1), view(2), view(3, { parameters: { keyId: 'k1', curve: 'ed25519', chainCode: false } })];
    expect(compareParameters(views)).toEqual([
      { field: 'curve', sides: [{ value: 'secp256k1', nodes: [1, 2] }, { value: 'ed25519', nodes: [3] }], reported: false },
    ]);
  });
  it('treats a missing field as a value of its own', () => {
    const diffs = compareParameters([view(1), view(2, { parameters: { keyId: 'k1', curve: 'secp256k1' } })]);
    expect(diffs).toEqual([{ field: 'chainCode', sides: [{ value: false, nodes: [1] }, { value: undefined, nodes: [2] }], reported: false }]);
  });
  it('compares arrays element by element', () => {
    const a = view(1, { parameters: { wrappingKeys: ['A', 'B'] } });
    const b = view(2, { parameters: { wrappingKeys: ['A', 'C'] } });
    expect(compareParameters([a, b])[0]!.field).toBe('wrappingKeys');
  });
});

describe('mismatchDiff', () => {
  it('marks the field the nodes named', () => {
    const failure = { reason: 'mismatch' as const, message: 'm', field: 'curve', sides: [] };
    const views = [view(1, { failure }), view(2, { parameters: { keyId: 'k1', curve: 'ed25519', chainCode: false }, failure })];
    expect(mismatchDiff(views)).toEqual([expect.objectContaining({ field: 'curve', reported: true })]);
  });
  it("adds a field the views do not carry from the failure's sides", () => {
    const failure = { reason: 'mismatch' as const, message: 'm', field: 'chainCodeHash', sides: [{ value: 'aa', nodes: [1, 2] }, { value: 'bb', nodes: [3] }] };
    expect(mismatchDiff([view(1, { failure }), view(2)])).toEqual([{ field: 'chainCodeHash', sides: failure.sides, reported: true }]);
  });
});

describe('canonicalJson and valueText', () => {
  it('sorts keys', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
  it('shortens long values in the middle', () => {
    expect(valueText('x'.repeat(100), 20)).toMatch(/^x{10}…x{9}$/);
    expect(valueText(undefined)).toBe('(not set)');
    expect(valueText(true)).toBe('true');
  });
});
