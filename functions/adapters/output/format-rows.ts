/**
 * Query results as text for `auditor query --format table|csv|json`. Every format ends with a
 * newline, so callers write the string as is (process.stdout.write), not via console.log.
 *
 * - json: one JSON array of row objects (keys in column order). bigint → number when exact, else
 *   a decimal string; Date → ISO 8601; NaN/±Infinity → null.
 * - csv: RFC 4180 — header line, CRLF line ends, a field is quoted when it holds `"`, `,`, CR or
 *   LF, with `"` doubled; null is an empty field. Formula-injection defence (OWASP "CSV
 *   injection"): a text cell that starts with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'` so
 *   spreadsheets show it instead of evaluating it. Numbers are never prefixed: values that are JS
 *   numbers/bigints, and decimal strings in a numeric column (a BIGINT beyond 2^53 arrives as a
 *   string), print as plain `-5`. A negative number stored as TEXT (e.g. the string "-5") IS
 *   prefixed — the column is text, and text starting with `-` is exactly what the attack uses.
 *   Header cells get the same defence (column names come from user SQL aliases).
 * - table: aligned columns for a terminal, `|` between them, a `-+-` separator under the header,
 *   numbers right-aligned, NULL for nulls, cells longer than `maxCellWidth` cut with `…`, control
 *   characters shown as escapes (`\n`, `\t`, `\u001b`) so data cannot drive the terminal, and a
 *   final `(N rows)` line.
 */

export type OutputFormat = 'table' | 'csv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

export interface OutputColumn {
  name: string;
  /** SQL type name (DuckDB spelling); numeric types affect alignment and CSV injection handling. */
  type?: string;
}

export interface FormatOptions {
  /** Longest table cell, in characters, before it is cut with an ellipsis (default 60). */
  maxCellWidth?: number;
}

export function formatRows(
  rows: ReadonlyArray<Record<string, unknown>>,
  columns: ReadonlyArray<string | OutputColumn>,
  format: OutputFormat,
  options: FormatOptions = {},
): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { name: c } : c));
  switch (format) {
    case 'json':
      return formatJson(rows, cols);
    case 'csv':
      return formatCsv(rows, cols);
    case 'table':
      return formatTable(rows, cols, options.maxCellWidth ?? 60);
    default:
      throw new Error(`unknown output format: ${String(format)}`);
  }
}

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|BIGNUM|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC)\b/i;
const DECIMAL_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function isNumericColumn(col: OutputColumn): boolean {
  return col.type !== undefined && NUMERIC_TYPE.test(col.type);
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  return value;
}

function formatJson(rows: ReadonlyArray<Record<string, unknown>>, cols: OutputColumn[]): string {
  const projected = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const c of cols) out[c.name] = row[c.name] ?? null;
    return out;
  });
  return `${JSON.stringify(projected, jsonReplacer)}\n`;
}

/** A value as plain text (null → null; the caller decides how nulls look). */
function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return JSON.stringify(value, jsonReplacer) ?? String(value);
}

const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: unknown, col: OutputColumn | null): string {
  const text = toText(value);
  if (text === null) return '';
  let safe = text;
  const isNumber =
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    (col !== null && isNumericColumn(col) && DECIMAL_TEXT.test(text));
  if (!isNumber && FORMULA_START.test(text)) safe = `'${text}`;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function formatCsv(rows: ReadonlyArray<Record<string, unknown>>, cols: OutputColumn[]): string {
  const lines = [cols.map((c) => csvCell(c.name, null)).join(',')];
  for (const row of rows) lines.push(cols.map((c) => csvCell(row[c.name], c)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Control characters as visible escapes: a cell must not move the cursor or recolour the terminal. */
function visible(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

function width(text: string): number {
  return Array.from(text).length;
}

function formatTable(
  rows: ReadonlyArray<Record<string, unknown>>,
  cols: OutputColumn[],
  maxCellWidth: number,
): string {
  const max = Math.max(1, maxCellWidth);
  const header = cols.map((c) => truncate(visible(c.name), max));
  const body = rows.map((row) =>
    cols.map((c) => {
      const text = toText(row[c.name]);
      return text === null ? 'NULL' : truncate(visible(text), max);
    }),
  );
  const rightAlign = cols.map(
    (c) =>
      isNumericColumn(c) ||
      (c.type === undefined &&
        rows.some((r) => typeof r[c.name] === 'number' || typeof r[c.name] === 'bigint')),
  );
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((cells) => width(cells[i] ?? ''))));
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat((widths[i] ?? 0) - width(text));
    return rightAlign[i] ? fill + text : text + fill;
  };
  const lines: string[] = [];
  if (cols.length > 0) {
    lines.push(
      header
        .map((h, i) => h + ' '.repeat((widths[i] ?? 0) - width(h)))
        .join(' | ')
        .trimEnd(),
    );
    lines.push(widths.map((w) => '-'.repeat(w)).join('-+-'));
    for (const cells of body) lines.push(cells.map(pad).join(' | ').trimEnd());
  }
  lines.push(`(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`);
  return `${lines.join('\n')}\n`;
}
