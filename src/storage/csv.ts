/**
 * The normalized job file format: RFC 4180 CSV with a header line, one file per table (rotated when the
 * table gains columns). Both DuckDB (`read_csv`) and PostgreSQL (`COPY ... CSV HEADER`) bulk-load it
 * natively, and the filesystem destination converts it to jsonl/parquet. Encoding rules: NULL is an
 * empty unquoted field, every text-like value is quoted (so an empty string stays distinct from NULL),
 * json is serialized JSON, binary is `\x<hex>` (PostgreSQL's bytea text form), bool is true/false.
 */
import type { ColumnSchema, DataType } from '../schema/types.js';

export type Encoder = (v: unknown) => string;

function quote(s: string): string {
  return s.indexOf('"') === -1 ? '"' + s + '"' : '"' + s.replace(/"/g, '""') + '"';
}
const asText: Encoder = (v) => quote(typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : String(v));

/** ISO timestamps without seconds (`2024-05-01T10:00Z`) get `:00`: DuckDB does not read them otherwise. */
const asTimestamp: Encoder = (v) => {
  if (typeof v === 'string' && v.length >= 16 && v.charCodeAt(13) === 58 && v.charCodeAt(16) !== 58) return quote(v.slice(0, 16) + ':00' + v.slice(16));
  return asText(v);
};

const ENCODERS: Record<DataType, Encoder> = {
  text: asText,
  timestamp: asTimestamp,
  date: asText,
  time: asText,
  decimal: asText,
  bigint: (v) => String(v),
  double: (v) => String(v),
  bool: (v) => (v ? 'true' : 'false'),
  json: (v) => quote(JSON.stringify(v)),
  binary: (v) => quote('\\x' + Buffer.from(v as Uint8Array).toString('hex')),
};

/** The header line for columns. */
export function csvHeader(columns: readonly ColumnSchema[]): string {
  return columns.map((c) => quote(c.name)).join(',') + '\n';
}

/** One value encoder per column, for rows of a table in `columns` order. */
export function csvEncoders(columns: readonly ColumnSchema[]): Encoder[] {
  return columns.map((c) => ENCODERS[c.data_type ?? 'text']);
}

/** Encodes one row (values aligned with the encoders' columns; null/undefined = NULL) as a CSV line, newline included. */
export function encodeCsvRow(values: readonly unknown[], encoders: readonly Encoder[]): string {
  let line = '';
  for (let i = 0; i < encoders.length; i++) {
    const v = values[i];
    if (i) line += ',';
    if (v !== null && v !== undefined) line += encoders[i]!(v);
  }
  return line + '\n';
}

/** Parses the header line of a job file (column names). */
export function parseCsvHeader(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"]|"")*)"|([^,]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line.replace(/\r?\n$/, '')))) out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
  return out;
}
