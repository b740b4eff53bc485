/**
 * Recognising which of the contract's input formats (§1a–c) a file is, from its header columns alone.
 * Column names are compared with case, spaces, underscores and punctuation folded ("Financial Year" ≡
 * "financial_year"); a UTF-8 BOM is stripped; columns no format uses are ignored, including the unnamed
 * leading index column that pandas writes ("",Financial Year,…).
 */
import type { SourceFormat } from '../model/returns.ts';
import { nameKey } from '../reference/name-key.ts';

export interface FieldSpec {
  /** The name the schemas use. */
  readonly field: string;
  /** The column as the contract (or the publisher) writes it: used in messages. */
  readonly column: string;
}

export interface FormatSpec {
  readonly format: SourceFormat;
  /** For messages: what a person would call this layout. */
  readonly label: string;
  readonly required: readonly FieldSpec[];
  readonly optional: readonly FieldSpec[];
}

function f(field: string, column = field): FieldSpec {
  return { field, column };
}

/**
 * In order of preference when a header satisfies more than one: the code-level Home Office table
 * also carries "Offence Group", so it must be tried before the group-level variant.
 *
 * Only the columns the auditor needs are required: a record-level extract may leave out the
 * reclassification and cancellation columns (JSON Lines writers often omit null keys), and a Home
 * Office export without "Offence Description" still has everything a cell needs.
 */
export const FORMAT_SPECS: readonly FormatSpec[] = [
  {
    format: 'record_level',
    label: 'record-level extract',
    required: [f('crime_id'), f('force_code'), f('recorded_date'), f('offence_code'), f('status')],
    optional: [f('original_offence_code'), f('status_date'), f('cancellation_code')],
  },
  {
    format: 'monthly_aggregate',
    label: 'monthly aggregate return',
    required: [f('force_code'), f('month'), f('offence_code'), f('recorded')],
    optional: [f('cancelled')],
  },
  {
    format: 'home_office_pfa',
    label: 'Home Office police force area table (offence codes)',
    required: [
      f('financial_year', 'Financial Year'),
      f('financial_quarter', 'Financial Quarter'),
      f('force_name', 'Force Name'),
      f('offence_code', 'Offence Code'),
      f('number_of_offences', 'Number of Offences'),
    ],
    optional: [
      f('offence_description', 'Offence Description'),
      f('offence_group', 'Offence Group'),
      f('offence_subgroup', 'Offence Subgroup'),
    ],
  },
  {
    format: 'home_office_pfa_group',
    label: 'Home Office police force area table (offence groups)',
    required: [
      f('financial_year', 'Financial Year'),
      f('financial_quarter', 'Financial Quarter'),
      f('force_name', 'Force Name'),
      f('offence_group', 'Offence Group'),
      f('number_of_offences', 'Number of Offences'),
    ],
    optional: [],
  },
];

export function formatSpec(format: SourceFormat): FormatSpec {
  const spec = FORMAT_SPECS.find((s) => s.format === format);
  if (!spec) throw new Error(`no format spec for ${format}`);
  return spec;
}

/** Where each field of the detected format sits in the header, and how the header spelt it. */
export interface ColumnMap {
  readonly format: SourceFormat;
  /** field → column index (only fields present in the header). */
  readonly index: ReadonlyMap<string, number>;
  /** field → the column name as written in the header (for issues). */
  readonly headerName: ReadonlyMap<string, string>;
  /** The number of columns in the header: every data row must have as many. */
  readonly width: number;
}

export type DetectResult =
  | { ok: true; columns: ColumnMap }
  | { ok: false; field: string; value: string; message: string };

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Detects the format from header columns; on failure says what each format expects and lacks. */
export function detectFormat(header: readonly string[]): DetectResult {
  const keys = header.map((c, i) => nameKey(i === 0 ? stripBom(c) : c));
  const positions = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k === '') return;
    const list = positions.get(k);
    if (list) list.push(i);
    else positions.set(k, [i]);
  });

  const misses: Array<{ spec: FormatSpec; missing: FieldSpec[] }> = [];
  for (const spec of FORMAT_SPECS) {
    const missing = spec.required.filter((r) => !positions.has(nameKey(r.field)));
    if (missing.length > 0) {
      misses.push({ spec, missing });
      continue;
    }
    const index = new Map<string, number>();
    const headerName = new Map<string, string>();
    for (const fs of [...spec.required, ...spec.optional]) {
      const at = positions.get(nameKey(fs.field));
      if (!at) continue;
      if (at.length > 1) {
        return {
          ok: false,
          field: 'header',
          value: header.join(','),
          message: `the header has ${at.length} columns that read as "${fs.column}" (columns ${at
            .map((i) => i + 1)
            .join(' and ')}); keep one`,
        };
      }
      index.set(fs.field, at[0]!);
      headerName.set(fs.field, stripBom(header[at[0]!]!).trim());
    }
    return { ok: true, columns: { format: spec.format, index, headerName, width: header.length } };
  }

  // Closest format first, so the most likely intent leads the message.
  misses.sort((a, b) => a.missing.length - b.missing.length);
  const expectations = misses.map(({ spec, missing }) => {
    const cols = spec.required.map((r) => r.column).join(', ');
    const opt =
      spec.optional.length > 0 ? ` [optional: ${spec.optional.map((o) => o.column).join(', ')}]` : '';
    return `${spec.label} (${cols}${opt}) lacks ${missing.map((m) => m.column).join(', ')}`;
  });
  return {
    ok: false,
    field: 'header',
    value: header.join(','),
    message: `unrecognised header: expected the columns of one of the input formats — ${expectations.join('; ')}`,
  };
}
