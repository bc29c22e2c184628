// Reading a wrapping-key fingerprint aloud and checking what the other side read back: the
// operator pairing two sites compares each counterpart node's fingerprint over the phone
// (or another channel) and may paste what they heard as a pin. A pin that does not match
// stops the wizard, because a whitelist entry for the wrong key would let shares leave.

/** "3f9a 1c22 …": 4-hex groups, easy to read aloud and to follow with a finger. */
export function groupFingerprint(fingerprint: string, size = 4): string {
  const groups: string[] = [];
  for (let i = 0; i < fingerprint.length; i += size) groups.push(fingerprint.slice(i, i + size));
  return groups.join(' ');
}

/** The fewest hex digits a pin may hold: 64 bits, still short enough to read out. */
export const MIN_PIN_DIGITS = 16;

export type PinVerdict =
  | { kind: 'none' }
  | { kind: 'match' }
  | { kind: 'invalid'; message: string }
  | { kind: 'mismatch'; message: string };

/** The pin as hex digits only: spaces, colons and dashes dropped, lower case. */
export function normalisePin(pin: string): string {
  return pin.replace(/[\s:-]/g, '').toLowerCase();
}

/**
 * A pin against the node's fingerprint: empty is no pin; otherwise hex digits only, at
 * least MIN_PIN_DIGITS of them, matched against the start of the fingerprint (the whole of
 * it when 64 are given). `node` names the node in the sentence, e.g. "failover node 2".
 */
export function checkPin(pin: string, fingerprint: string, node: string): PinVerdict {
  const digits = normalisePin(pin);
  if (digits === '') return { kind: 'none' };
  if (!/^[0-9a-f]+$/.test(digits)) return { kind: 'invalid', message: `The pin for ${node} holds characters other than hex digits (0–9, a–f).` };
  if (digits.length < MIN_PIN_DIGITS) return { kind: 'invalid', message: `The pin for ${node} has ${digits.length} hex digits; give at least ${MIN_PIN_DIGITS}.` };
  if (digits.length > fingerprint.length) return { kind: 'invalid', message: `The pin for ${node} is longer than a fingerprint (${fingerprint.length} hex digits).` };
  if (fingerprint.toLowerCase().startsWith(digits)) return { kind: 'match' };
  return {
    kind: 'mismatch',
    message: `The pin for ${node} does not match its wrapping key: the node says ${groupFingerprint(fingerprint.slice(0, digits.length))}, the pin says ${groupFingerprint(digits)}. Stop: make sure this is the right node before pairing.`,
  };
}
