/** DuckDB's SQL dialect and type mapping. */
import type { ColumnSchema, DataType } from '../../schema/types.js';
import type { HintedTypes, SqlDialect } from '../sql/sql-client.js';

export const DUCKDB_TYPES: Record<DataType, string> = {
  text: 'VARCHAR',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMP WITH TIME ZONE',
  date: 'DATE',
  time: 'TIME',
  decimal: 'DECIMAL(38,9)',
  json: 'JSON',
  binary: 'BLOB',
};

/**
 * dlt's DuckDB type mapper: naive timestamps by precision (seconds, milliseconds, microseconds,
 * nanoseconds), integers by bits. A zoned timestamp is always `TIMESTAMP WITH TIME ZONE` (microseconds:
 * DuckDB has no other precision with a zone).
 */
export const DUCKDB_HINTED_TYPES: HintedTypes = {
  naiveTimestamp: { default: 'TIMESTAMP', byPrecision: [[0, 'TIMESTAMP_S'], [3, 'TIMESTAMP_MS'], [6, 'TIMESTAMP'], [9, 'TIMESTAMP_NS']] },
  bigint: { default: 'BIGINT', byPrecision: [[8, 'TINYINT'], [16, 'SMALLINT'], [32, 'INTEGER'], [64, 'BIGINT'], [128, 'HUGEINT']] },
};

const DATA_ERRORS = /^(Conversion Error|Invalid Input Error|Constraint Error|Out of Range Error|Mismatch Type Error)/;

/**
 * The row-id columns (`_dlt_id`, `_dlt_parent_id`, `_dlt_root_id`) are stored uncompressed. Their values
 * are random (or hashed) base64 strings: DuckDB's FSST and dictionary analysis of them cost ~1.4 CPU-s
 * per million records (a fifth of the load step) to save 3–4 bytes per value. See
 * {@link DuckDbLoadOptions.compressRowIds}.
 */
function rowIdStorage(c: ColumnSchema): string {
  return c.row_key || c.parent_key || c.root_key ? ' USING COMPRESSION uncompressed' : '';
}

/** Lines from which DuckDB's CSV errors list reader settings and hints about type detection (sluice sets the types itself). */
const CSV_ERROR_TAIL = /^(Column \S+ is being converted|This type was auto-detected|Possible solutions:|\s+file = )/;

/**
 * DuckDB's message up to the reader's settings and hints; the echoed CSV line is cut at 200 characters
 * (a row can be megabytes).
 */
function dataErrorMessage(e: unknown): string {
  const lines = (e instanceof Error ? e.message : String(e)).split('\n');
  const end = lines.findIndex((l) => CSV_ERROR_TAIL.test(l));
  return (end < 0 ? lines : lines.slice(0, end))
    .map((l) => (l.length > 200 ? l.slice(0, 200) + '…' : l))
    .join('\n')
    .trim();
}

export const duckdbDialect: SqlDialect = {
  quoteIdent: (n) => '"' + n.replace(/"/g, '""') + '"',
  literal: (v) => "'" + v.replace(/'/g, "''") + "'",
  types: DUCKDB_TYPES,
  hintedTypes: DUCKDB_HINTED_TYPES,
  alterAddMultiColumn: false,
  setSearchPath: (n) => `SET schema = '${n.replace(/'/g, "''")}'`,
  createSchema: (n) => `CREATE SCHEMA IF NOT EXISTS "${n.replace(/"/g, '""')}"`,
  isDataError: (e) => DATA_ERRORS.test(e instanceof Error ? e.message : String(e)),
  isTransactionConflict: (e) => /^TransactionContext Error: .*conflict/i.test(e instanceof Error ? e.message : String(e)),
  dataErrorMessage,
  columnStorage: rowIdStorage,
};

/** The dialect with DuckDB choosing the compression of every column (`compressRowIds: true`). */
export const duckdbDialectCompressedIds: SqlDialect = { ...duckdbDialect, columnStorage: undefined };
