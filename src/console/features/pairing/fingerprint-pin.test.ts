import { describe, expect, it } from 'vitest';
import { checkPin, groupFingerprint, normalisePin } from './fingerprint-pin.ts';

const FP = '3f9a1c22aa00bb11cc22dd33ee44ff5566778899aabbccddeeff001122334455';

describe('groupFingerprint', () => {
  it('splits into 4-hex groups', () => {
    expect(groupFingerprint('3f9a1c22aa')).toBe('3f9a 1c22 aa');
    expect(groupFingerprint(FP).split(' ')).toHaveLength(16);
  });
});

describe('checkPin', () => {
  it('no pin is no verdict', () => {
    expect(checkPin('  ', FP, 'failover node 1')).toEqual({ kind: 'none' });
  });
  it('accepts the grouped, upper-case start of the fingerprint', () => {
    expect(normalisePin('3F9A 1C22:AA00-BB11')).toBe('3f9a1c22aa00bb11');
    expect(checkPin('3F9A 1C22 AA00 BB11', FP, 'failover node 1')).toEqual({ kind: 'match' });
    expect(checkPin(FP, FP, 'failover node 1')).toEqual({ kind: 'match' });
  });
  it('a pin too short or not hex is refused, naming the node', () => {
    const short = checkPin('3f9a', FP, 'failover node 2');
    expect(short.kind).toBe('invalid');
    expect(short).toHaveProperty('message', expect.stringContaining('failover node 2 has 4 hex digits'));
    expect(checkPin('3f9a1c22aa00bb1x', FP, 'failover node 2').kind).toBe('invalid');
  });
  it('a different fingerprint is a mismatch naming the node and both values', () => {
    const v = checkPin('3f9a1c22aa00bb12', FP, 'failover node 3');
    expect(v.kind).toBe('mismatch');
    if (v.kind !== 'mismatch') return;
    expect(v.message).toContain('failover node 3');
    expect(v.message).toContain('3f9a 1c22 aa00 bb11');
    expect(v.message).toContain('3f9a 1c22 aa00 bb12');
  });
});
