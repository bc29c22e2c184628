// Per-key reports as CSV (RFC 4180) — what bulk import and migrate offer for download and
// write with --report: a header row, one row per record, CRLF line ends, a field quoted
// only when it holds a quote, a comma, a line break or edge spaces.
function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvTable<C extends string>(columns: readonly C[], rows: ReadonlyArray<Partial<Record<C, string | number | undefined>>>): string {
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** `{"format": …, "keys": [...]}` with each record's columns in order and absent ones left out. */
export function jsonTable<C extends string>(format: string, columns: readonly C[], rows: ReadonlyArray<Partial<Record<C, string | number | undefined>>>): string {
  const keys = rows.map((r) => Object.fromEntries(columns.filter((c) => r[c] !== undefined).map((c) => [c, r[c]])));
  return `${JSON.stringify({ format, keys }, null, 2)}\n`;
}
