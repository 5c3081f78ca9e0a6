/** DuckDB's SQL dialect and type mapping. */
import type { ColumnSchema, DataType } from '../../schema/types.js';
import type { SqlDialect } from '../sql/sql-client.js';

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

export const duckdbDialect: SqlDialect = {
  quoteIdent: (n) => '"' + n.replace(/"/g, '""') + '"',
  literal: (v) => "'" + v.replace(/'/g, "''") + "'",
  types: DUCKDB_TYPES,
  alterAddMultiColumn: false,
  setSearchPath: (n) => `SET schema = '${n.replace(/'/g, "''")}'`,
  createSchema: (n) => `CREATE SCHEMA IF NOT EXISTS "${n.replace(/"/g, '""')}"`,
  isDataError: (e) => DATA_ERRORS.test(e instanceof Error ? e.message : String(e)),
  columnStorage: rowIdStorage,
};

/** The dialect with DuckDB choosing the compression of every column (`compressRowIds: true`). */
export const duckdbDialectCompressedIds: SqlDialect = { ...duckdbDialect, columnStorage: undefined };
