// Wrapping-key labels: what the operator calls a key in this list and in downloaded file
// names. Checked as the user types, so each rule has a sentence that explains it.

export const MAX_LABEL_LENGTH = 64;

export type LabelCheck = { ok: true; label: string } | { ok: false; message: string };

// C0/C1 control characters (tabs, line breaks, escapes): invisible, and they break files.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/** Trim and check a label: 1–64 characters, no control characters. */
export function checkLabel(input: string): LabelCheck {
  if (typeof input !== 'string') throw new TypeError(`"label" expected string, got ${typeof input}`);
  const label = input.trim();
  const length = [...label].length; // characters as a person counts them, not UTF-16 units
  if (length === 0) {
    return { ok: false, message: 'Enter a label: it names the key in this list and in the files you download.' };
  }
  if (length > MAX_LABEL_LENGTH) {
    return { ok: false, message: `The label is ${length} characters long; use at most ${MAX_LABEL_LENGTH}.` };
  }
  if (CONTROL.test(label)) {
    return { ok: false, message: 'The label cannot contain control characters such as tabs or line breaks.' };
  }
  return { ok: true, label };
}
