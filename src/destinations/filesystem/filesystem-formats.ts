/**
 * The file formats the filesystem destination writes, as data: how a CSV job column is read, how it is
 * written, and how a view reads it back with its schema type. DuckDB (in memory) is the writer and the
 * reader: `COPY (SELECT ... FROM read_csv(...)) TO ... (FORMAT json|parquet)` and `read_json`/`read_parquet`.
 *
 * - `jsonl`: one JSON object per line; numbers and booleans native, json nested, timestamps/dates/times/
 *   decimals as their text, binary as base64.
 * - `csv`: a header row, then every value as its text (RFC 4180 quoting; NULL is an empty field, an
 *   empty string `""`), json as its text, binary as base64; numbers and booleans are checked on write
 *   as for jsonl. Views read it all as text and cast it.
 * - `parquet`: typed columns (TIMESTAMP WITH TIME ZONE, DECIMAL(38,9), BLOB, JSON as string), sized by
 *   the `precision` and `timezone` hints as in DuckDB.
 *
 * jsonl and csv files are gzipped by default, as in dlt (`.jsonl.gz`, `.csv.gz`); parquet never is (it
 * compresses its own pages). Readers tell the two apart by the `.gz` suffix, so a table may hold both.
 */
import type { ColumnSchema, DataType } from '../../schema/types.js';
import { duckdbDialect as d } from '../duckdb/duckdb-dialect.js';
import { columnType } from '../sql/ddl.js';

export type FileFormat = 'jsonl' | 'csv' | 'parquet';
export const FILE_FORMATS: readonly FileFormat[] = ['jsonl', 'csv', 'parquet'];

/** The suffix of a gzipped data file, after its format's extension (dlt ≥ 1.15). */
export const GZIP_SUFFIX = '.gz';

/** The formats dlt gzips unless `data_writer.disable_compression` is set: the text formats. */
export function isCompressible(format: FileFormat): boolean {
  return format !== 'parquet';
}

/** How a jsonl file stores each type: kept native, or as text / base64. */
const JSONL_STORAGE: Record<DataType, string> = {
  text: 'VARCHAR',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  bool: 'BOOLEAN',
  timestamp: 'VARCHAR',
  date: 'VARCHAR',
  time: 'VARCHAR',
  decimal: 'VARCHAR',
  json: 'JSON',
  binary: 'VARCHAR',
};

const typeOf = (c: ColumnSchema): DataType => c.data_type ?? 'text';
/** The DuckDB type of a column, hints (precision, timezone) included: parquet files and views carry it. */
const sqlType = (c: ColumnSchema): string => columnType(d, { ...c, data_type: typeOf(c) });

/** The read_csv type of a job column for `format` (json and binary arrive as text). */
function csvReadType(c: ColumnSchema, format: FileFormat): string {
  const t = typeOf(c);
  if (t === 'json' || t === 'binary') return 'VARCHAR';
  // csv keeps the values a jsonl file keeps as text as their text too; numbers and bools are checked.
  return format !== 'parquet' ? (JSONL_STORAGE[t] === 'JSON' ? 'VARCHAR' : JSONL_STORAGE[t]) : sqlType(c);
}

/** The SELECT expression that turns a CSV column into the file's representation. */
function writeExpr(c: ColumnSchema, format: FileFormat): string {
  const q = d.quoteIdent(c.name);
  const t = typeOf(c);
  if (t === 'json') return `CAST(${q} AS JSON) AS ${q}`;
  if (t === 'binary') return format === 'parquet' ? `unhex(substr(${q}, 3)) AS ${q}` : `base64(unhex(substr(${q}, 3))) AS ${q}`;
  return q;
}

/** The `COPY ... TO` options of each format. */
const COPY_OPTIONS: Record<FileFormat, string> = {
  jsonl: 'FORMAT json',
  csv: "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"'",
  parquet: 'FORMAT parquet, COMPRESSION zstd',
};

/** `COPY (SELECT ... FROM read_csv(job)) TO target (FORMAT ...)`: converts one CSV job file, gzipped when `gzip`. */
export function convertSql(csvFile: string, target: string, columns: readonly ColumnSchema[], format: FileFormat, gzip = false): string {
  const spec = columns.map((c) => `${d.literal(c.name)}: ${d.literal(csvReadType(c, format))}`).join(', ');
  const src =
    `read_csv(${d.literal(csvFile)}, header = true, auto_detect = false, columns = {${spec}}, quote = '"', escape = '"', ` +
    `delim = ',', nullstr = '', allow_quoted_nulls = false, new_line = '\\n')`;
  const opts = COPY_OPTIONS[format] + (gzip ? ', COMPRESSION gzip' : '');
  return `COPY (SELECT ${columns.map((c) => writeExpr(c, format)).join(', ')} FROM ${src}) TO ${d.literal(target)} (${opts})`;
}

/** A read_json/read_csv/read_parquet expression over `files`. */
export function readFilesSql(files: readonly string[], format: FileFormat, columns?: readonly ColumnSchema[]): string {
  const list = `[${files.map((f) => d.literal(f)).join(', ')}]`;
  if (format === 'parquet') return `read_parquet(${list}, union_by_name = true)`;
  if (format === 'csv') {
    // Text as written: no type sniffing (it would turn '007' into 7); the view casts each column.
    const typing = columns ? 'all_varchar = true' : 'auto_detect = true';
    return `read_csv(${list}, header = true, union_by_name = true, ${typing}, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false)`;
  }
  if (!columns) return `read_json(${list}, format = 'newline_delimited', union_by_name = true)`;
  const spec = columns.map((c) => `${d.literal(c.name)}: ${d.literal(JSONL_STORAGE[typeOf(c)])}`).join(', ');
  return `read_json(${list}, format = 'newline_delimited', columns = {${spec}})`;
}

/** The view's SELECT expression for a column: the stored value cast to the schema type (or NULL when absent). */
export function readExpr(c: ColumnSchema, format: FileFormat, present: boolean): string {
  const q = d.quoteIdent(c.name);
  const t = typeOf(c);
  if (!present) return `CAST(NULL AS ${sqlType(c)}) AS ${q}`;
  if (format === 'parquet') return q;
  if (t === 'binary') return `from_base64(${q}) AS ${q}`;
  if (format === 'csv') return sqlType(c) === 'VARCHAR' ? q : `CAST(${q} AS ${sqlType(c)}) AS ${q}`;
  return JSONL_STORAGE[t] === sqlType(c) || t === 'json' ? q : `CAST(${q} AS ${sqlType(c)}) AS ${q}`;
}

/** The format of a data file from its extension, gzipped (`users/1.a.jsonl.gz`) or not. */
export function formatOfFile(file: string): FileFormat | undefined {
  const name = file.endsWith(GZIP_SUFFIX) ? file.slice(0, -GZIP_SUFFIX.length) : file;
  return FILE_FORMATS.find((f) => name.endsWith('.' + f));
}
