/** PostgreSQL's SQL dialect, type mapping (dlt's postgres mapping) and error classification. */
import type { DataType } from '../../schema/types.js';
import type { HintedTypes, SqlDialect } from '../sql/sql-client.js';

/** Column type per data type (dlt `PostgresTypeMapper`; decimal defaults to dlt's precision 38, scale 9). */
export const POSTGRES_TYPES: Record<DataType, string> = {
  text: 'varchar',
  bigint: 'bigint',
  double: 'double precision',
  bool: 'boolean',
  timestamp: 'timestamp with time zone',
  date: 'date',
  time: 'time without time zone',
  decimal: 'numeric(38,9)',
  json: 'jsonb',
  binary: 'bytea',
};

/** dlt's PostgreSQL type mapper: timestamps and times to microseconds, integers by bits, text by length. */
const POSTGRES_HINTED_TYPES: HintedTypes = {
  timestamp: { default: POSTGRES_TYPES.timestamp, byPrecision: [[6, 'timestamp (%p) with time zone']] },
  naiveTimestamp: { default: 'timestamp without time zone', byPrecision: [[6, 'timestamp (%p) without time zone']] },
  time: { default: POSTGRES_TYPES.time, byPrecision: [[6, 'time (%p) without time zone']] },
  bigint: { default: 'bigint', byPrecision: [[16, 'smallint'], [32, 'integer'], [64, 'bigint']] },
  text: { default: 'varchar', byPrecision: [[10485760, 'varchar(%p)']] },
};

const quoteIdent = (n: string) => '"' + n.replace(/"/g, '""') + '"';

/** The SQLSTATE of a driver error (`pg` puts it on `.code`; wrapped errors keep it on `.cause`). */
export function sqlState(e: unknown): string | undefined {
  for (let x: unknown = e, i = 0; x && typeof x === 'object' && i < 5; x = (x as { cause?: unknown }).cause, i++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** The constraint a driver error names (`pg` puts it on `.constraint`; wrapped errors keep it on `.cause`). */
function constraintOf(e: unknown): string | undefined {
  for (let x: unknown = e, i = 0; x && typeof x === 'object' && i < 5; x = (x as { cause?: unknown }).cause, i++) {
    const c = (x as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
  }
  return undefined;
}

/**
 * True when the data of a job caused the error (the job fails terminally): SQLSTATE class 22 (data
 * exception: bad number, bad timestamp, value too long) and 23 (integrity constraint violation).
 * Everything else — class 08 (connection), 57P01 (admin shutdown), 28 (auth), 42 (permissions, DDL) —
 * leaves the package pending for the next run.
 */
export function isPostgresDataError(e: unknown): boolean {
  const code = sqlState(e);
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}

/** A string literal: standard_conforming_strings is on (default since 9.1), so backslashes are literal and quotes double. */
const literal = (v: string): string => "'" + v.replace(/'/g, "''") + "'";

export const postgresDialect: SqlDialect = {
  quoteIdent,
  literal,
  types: POSTGRES_TYPES,
  hintedTypes: POSTGRES_HINTED_TYPES,
  alterAddMultiColumn: true,
  setSearchPath: (n) => `SET search_path TO ${quoteIdent(n)}`,
  createSchema: (n) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(n)}`,
  isDataError: isPostgresDataError,
  // serialization failure, deadlock; a concurrent CREATE SCHEMA/TABLE of the same name (a unique violation
  // of a catalog index, `pg_namespace_nspname_index`, not of a table's UNIQUE column; duplicate table/object)
  isTransactionConflict: (e) => {
    const code = sqlState(e) ?? '';
    return ['40001', '40P01', '42P07', '42710'].includes(code) || (code === '23505' && /^pg_/.test(constraintOf(e) ?? ''));
  },
  // dlt's `create_indexes` (default true): the `unique` hint (every `_dlt_id`) becomes a UNIQUE constraint.
  columnConstraint: (c) => (c.unique ? ' UNIQUE' : ''),
  dropUniqueSql: (table, column) => {
    // One statement, so a load that finds no such constraint (the usual case) costs one catalog lookup.
    return (
      `DO $sluice$ DECLARE r record; BEGIN FOR r IN SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] ` +
      `WHERE c.conrelid = ${literal(table)}::regclass AND c.contype = 'u' AND cardinality(c.conkey) = 1 AND a.attname = ${literal(column)} ` +
      `LOOP EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', ${literal(table)}, r.conname); END LOOP; END $sluice$`
    );
  },
  stagingOptimizedReplace: (final, dataset, staging, table) => [
    `DROP TABLE ${final}`,
    `ALTER TABLE ${quoteIdent(staging)}.${quoteIdent(table)} SET SCHEMA ${quoteIdent(dataset)}`,
    `CREATE TABLE ${quoteIdent(staging)}.${quoteIdent(table)} (LIKE ${final} INCLUDING ALL)`,
  ],
};

/** The dialect with `create_indexes: false`: no UNIQUE constraints. */
export const postgresDialectWithoutIndexes: SqlDialect = { ...postgresDialect, columnConstraint: undefined };
