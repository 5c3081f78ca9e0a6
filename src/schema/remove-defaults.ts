/**
 * A stored schema without default values, as dlt's `remove_defaults` (what `dlt pipeline <name> schema
 * --remove-defaults` shows): table and column names (the keys say them), a table's `resource` when it is
 * the table's name, and column hints at their defaults — `false` booleans except `nullable`, which defaults to `true`, and `null`.
 */
import type { StoredSchema } from './types.js';

/** A stored schema whose tables and columns may lack their names and default hints. */
export type SchemaWithoutDefaults = Omit<StoredSchema, 'tables'> & { tables: Record<string, Record<string, unknown>> };

/** A copy of `stored` without default values; `stored` is not changed. */
export function removeDefaults(stored: StoredSchema): SchemaWithoutDefaults {
  const copy = structuredClone(stored) as unknown as SchemaWithoutDefaults;
  for (const [tableName, table] of Object.entries(copy.tables)) {
    delete table.name;
    if (table.resource === tableName) delete table.resource;
    for (const column of Object.values((table.columns ?? {}) as Record<string, Record<string, unknown>>)) {
      delete column.name;
      for (const [hint, value] of Object.entries(column)) {
        if (value === null || value === (hint === 'nullable')) delete column[hint];
      }
    }
  }
  return copy;
}
