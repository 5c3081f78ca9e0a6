/**
 * The columns that give a table's rows one fixed order, so `LIMIT`/`OFFSET` pages neither repeat nor skip
 * a row: without `ORDER BY` a database returns rows in whatever order its scan meets them, and that order
 * changes between queries (PostgreSQL moves an updated row to the end of its heap; DuckDB scans in parallel).
 */
import type { TableSchema } from '../schema/types.js';

/**
 * The table's primary key columns; else `_dlt_id` (the row key every data and child table has); else all
 * its columns (`_dlt_loads` and `_dlt_version` have no row key). Empty when the table is unknown.
 */
export function stableKey(table: TableSchema | undefined): string[] {
  if (!table) return [];
  const columns = Object.values(table.columns).filter((c) => c.data_type);
  const primary = columns.filter((c) => c.primary_key);
  if (primary.length) return primary.map((c) => c.name);
  if (columns.some((c) => c.name === '_dlt_id')) return ['_dlt_id'];
  return columns.map((c) => c.name);
}
