/** Reads which tables and columns exist in a schema via `information_schema` (shared by SQL destinations). */
import type { SqlDialect } from './sql-client.js';

/** Columns per table of `schemaName`, names lower-cased. */
export async function existingColumnsVia(
  query: (sql: string) => Promise<Record<string, unknown>[]>,
  d: SqlDialect,
  schemaName: string,
): Promise<Map<string, Set<string>>> {
  const rows = await query(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ${d.literal(schemaName)} AND table_catalog = current_database()`,
  );
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const t = String(r.table_name).toLowerCase();
    if (!out.has(t)) out.set(t, new Set());
    out.get(t)!.add(String(r.column_name).toLowerCase());
  }
  return out;
}
