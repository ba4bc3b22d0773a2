/** CSV text (RFC 4180 quoting) that is safe to open in a spreadsheet. */

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * One cell. Layer, tensor and file names come from untrusted inputs (ONNX, YAML): a cell a spreadsheet would
 * read as a formula (starting with = + - @, a tab or a carriage return, and not a plain number) gets a leading
 * apostrophe.
 */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) && !NUMBER.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows of cells as CSV text, one line per row, ending with a newline. */
export function csvText(rows: readonly (readonly unknown[])[]): string {
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}
