/** DuckDB's SQL dialect and type mapping. */
import type { DataType } from '../../schema/types.js';
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

export const duckdbDialect: SqlDialect = {
  quoteIdent: (n) => '"' + n.replace(/"/g, '""') + '"',
  literal: (v) => "'" + v.replace(/'/g, "''") + "'",
  types: DUCKDB_TYPES,
  alterAddMultiColumn: false,
  setSearchPath: (n) => `SET schema = '${n.replace(/'/g, "''")}'`,
  createSchema: (n) => `CREATE SCHEMA IF NOT EXISTS "${n.replace(/"/g, '""')}"`,
  isDataError: (e) => DATA_ERRORS.test(e instanceof Error ? e.message : String(e)),
};
