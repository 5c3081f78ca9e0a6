/** What a SQL destination's driver wrapper provides to the shared SQL job client. */
import { errorMessage } from '../../common/errors.js';
import { maskSecrets } from '../../config/secret.js';
import type { ColumnSchema, DataType } from '../../schema/types.js';

export interface SqlClient {
  /** Runs statements (no results). */
  execute(sql: string): Promise<void>;
  /** Runs a query and returns rows as plain objects. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Bulk-loads a CSV job file (header line; see storage/csv.ts) into `qualifiedTable`. Returns rows loaded. */
  copyCsv(qualifiedTable: string, file: string, columns: readonly ColumnSchema[]): Promise<number>;
  /** Columns that exist now, per table of `schemaName` (lower-cased names). */
  existingColumns(schemaName: string): Promise<Map<string, Set<string>>>;
  /**
   * Optional: when `e` is the database running out of a memory budget it was given, widens the budget
   * and returns true (the loader then retries the package's transaction).
   */
  relieveMemoryPressure?(e: unknown): Promise<boolean>;
  /** Optional: sizes the database's memory budget for a package whose widest table has `columns` columns and whose jobs hold `bytes`. */
  sizeForLoad?(columns: number, bytes: number): Promise<void>;
  /** Optional: stops the statement running now on this client (it fails); a no-op when none runs. */
  interrupt?(): void;
  close(): Promise<void>;
}

/** Dialect differences as data. */
/**
 * A type family sized by the `precision` hint: the type without one, and ascending
 * `[largest precision, type]` steps where `%p` in the type stands for the precision. A precision past
 * the last step gets the last step's type at its largest precision.
 */
export interface PrecisionTypes {
  readonly default: string;
  readonly byPrecision: readonly (readonly [number, string])[];
}

/**
 * The hint-sized types of a dialect: `naiveTimestamp` is a `timestamp` column with `timezone: false`.
 * A type family it leaves out keeps `types` whatever the hints say.
 */
export type HintedTypes = Partial<Record<'timestamp' | 'naiveTimestamp' | 'time' | 'bigint' | 'text', PrecisionTypes>>;

export interface SqlDialect {
  quoteIdent(name: string): string;
  /** A string literal. */
  literal(value: string): string;
  /** Column type for each data type. Exhaustive: a new DataType fails to compile until mapped. */
  readonly types: Record<DataType, string>;
  /** Types chosen by the `precision` and `timezone` hints (dlt's type mappers), as data. Absent: hints are ignored. */
  readonly hintedTypes?: HintedTypes;
  /** Whether `ALTER TABLE ... ADD COLUMN` may carry several columns at once. */
  readonly alterAddMultiColumn: boolean;
  /** Makes unqualified table names resolve to `name` (used by dataset queries). */
  setSearchPath(name: string): string;
  /** `CREATE SCHEMA IF NOT EXISTS` form. */
  createSchema(name: string): string;
  /** Text/terminal classification: true when a load error is caused by the data (job fails), not the connection. */
  isDataError(e: unknown): boolean;
  /**
   * Optional: true when `e` is the database refusing a transaction because a concurrent one changed the
   * same catalog entries or rows (two pipelines in one process creating the same dataset); the loader
   * retries the package's transaction.
   */
  isTransactionConflict?(e: unknown): boolean;
  /** The part of a data error's message that names the cause (DuckDB's CSV errors add a page of reader settings and hints). Absent: the whole message. */
  dataErrorMessage?(e: unknown): string;
  /**
   * A storage clause after a column's type in CREATE TABLE / ADD COLUMN (DuckDB: the compression of
   * the `_dlt_*` row-id columns). Absent or empty: none.
   */
  columnStorage?(column: ColumnSchema): string;
  /**
   * A constraint after a column's type and storage (PostgreSQL with dlt's `create_indexes`: `UNIQUE` for
   * the `unique` hint). Absent or empty: none.
   */
  columnConstraint?(column: ColumnSchema): string;
  /**
   * A statement that drops every single-column UNIQUE constraint on `column` of the existing table
   * `qualifiedTable` (PostgreSQL: a table created under another disposition and switched to scd2, whose
   * `_dlt_id` is now a row version that may repeat). Absent: the dialect creates no such constraints.
   */
  dropUniqueSql?(qualifiedTable: string, column: string): string;
  /**
   * `staging-optimized` replace of one table whose new rows sit in `staging` (dlt §8): statements that
   * swap the staging table in for the final one (postgres: DROP final; ALTER TABLE staging SET SCHEMA;
   * recreate staging LIKE final). Absent: the strategy falls back to `insert-from-staging`.
   */
  stagingOptimizedReplace?(quotedFinal: string, dataset: string, staging: string, table: string): string[];
}

/** A data error's message as a failed job reports it: the dialect's excerpt of the cause, secrets masked. */
export function dataErrorText(d: SqlDialect, e: unknown): string {
  return d.dataErrorMessage ? maskSecrets(d.dataErrorMessage(e)) : errorMessage(e);
}
