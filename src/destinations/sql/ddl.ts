/** DDL from a schema diff: CREATE TABLE for new tables, ALTER TABLE ADD COLUMN for new columns. */
import { typedColumns } from '../../schema/schema.js';
import type { ColumnSchema, TableSchema } from '../../schema/types.js';
import type { SqlDialect } from './sql-client.js';

function columnDef(d: SqlDialect, c: ColumnSchema): string {
  return `${d.quoteIdent(c.name)} ${d.types[c.data_type!]}${d.columnStorage?.(c) ?? ''}${c.nullable === false ? ' NOT NULL' : ''}`;
}

/**
 * Statements that bring `schemaName` in line with `tables`, given the columns that exist now.
 * Only columns are ever added; nothing is dropped or retyped (variant columns carry type changes).
 */
export function migrationSql(d: SqlDialect, schemaName: string, tables: TableSchema[], existing: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  for (const t of tables) {
    const cols = typedColumns(t);
    if (!cols.length) continue;
    const qn = `${d.quoteIdent(schemaName)}.${d.quoteIdent(t.name)}`;
    const have = existing.get(t.name.toLowerCase());
    if (!have) {
      out.push(`CREATE TABLE ${qn} (${cols.map((c) => columnDef(d, c)).join(', ')})`);
      continue;
    }
    const missing = cols.filter((c) => !have.has(c.name.toLowerCase()));
    if (!missing.length) continue;
    // New columns are always nullable: existing rows have no value for them.
    const defs = missing.map((c) => columnDef(d, { ...c, nullable: true }));
    if (d.alterAddMultiColumn) out.push(`ALTER TABLE ${qn} ${defs.map((x) => `ADD COLUMN ${x}`).join(', ')}`);
    else for (const x of defs) out.push(`ALTER TABLE ${qn} ADD COLUMN ${x}`);
  }
  return out;
}
