/** DDL from a schema diff: CREATE TABLE for new tables, ALTER TABLE ADD COLUMN for new columns. */
import { typedColumns } from '../../schema/schema.js';
import type { ColumnSchema, TableSchema } from '../../schema/types.js';
import type { SqlDialect } from './sql-client.js';

/** The dialect's default precision and scale in its decimal type, e.g. `DECIMAL(38,9)`. */
const PRECISION_SCALE = /\((\d+),(\d+)\)$/;

/**
 * A column's SQL type. A decimal column with `precision` (and `scale`) hints gets them, the missing
 * one taken from the dialect's default (dlt's `decimal_precision`): `{ precision: 10, scale: 2 }` is
 * `DECIMAL(10,2)`. `timezone: false` on a timestamp and `precision` on timestamps, times, integers
 * and text pick from the dialect's {@link SqlDialect.hintedTypes} (DuckDB: `TIMESTAMP_MS`,
 * `SMALLINT`; PostgreSQL: `timestamp (3) without time zone`, `varchar(64)`).
 */
export function columnType(d: SqlDialect, c: ColumnSchema): string {
  const dt = c.data_type!;
  const t = d.types[dt];
  if (dt === 'decimal') {
    if (c.precision === undefined && c.scale === undefined) return t;
    const m = PRECISION_SCALE.exec(t);
    return m ? `${t.slice(0, m.index)}(${c.precision ?? m[1]},${c.scale ?? m[2]})` : t;
  }
  const family = dt === 'timestamp' && c.timezone === false ? 'naiveTimestamp' : dt;
  const sized = family === 'naiveTimestamp' || family === 'timestamp' || family === 'time' || family === 'bigint' || family === 'text' ? d.hintedTypes?.[family] : undefined;
  if (!sized) return t;
  if (c.precision === undefined) return sized.default;
  // Past the last step: the widest type, as PostgreSQL itself reduces `timestamp(9)` to 6. The normalizer
  // never writes an integer beyond int64, so the widest integer type holds every value.
  const [max, type] = sized.byPrecision.find(([m]) => c.precision! <= m) ?? sized.byPrecision.at(-1)!;
  return type.replace('%p', String(Math.min(c.precision, max)));
}

function columnDef(d: SqlDialect, c: ColumnSchema, constraints: boolean): string {
  const constraint = constraints ? (d.columnConstraint?.(c) ?? '') : '';
  return `${d.quoteIdent(c.name)} ${columnType(d, c)}${d.columnStorage?.(c) ?? ''}${constraint}${c.nullable === false ? ' NOT NULL' : ''}`;
}

/**
 * Statements that bring `schemaName` in line with `tables`, given the columns that exist now.
 * Only columns are ever added; nothing is dropped or retyped (variant columns carry type changes).
 * `constraints: false` leaves out the dialect's {@link SqlDialect.columnConstraint}s (default: included).
 */
export function migrationSql(d: SqlDialect, schemaName: string, tables: TableSchema[], existing: Map<string, Set<string>>, constraints = true): string[] {
  const out: string[] = [];
  for (const t of tables) {
    const cols = typedColumns(t);
    if (!cols.length) continue;
    const qn = `${d.quoteIdent(schemaName)}.${d.quoteIdent(t.name)}`;
    const have = existing.get(t.name.toLowerCase());
    if (!have) {
      out.push(`CREATE TABLE ${qn} (${cols.map((c) => columnDef(d, c, constraints)).join(', ')})`);
      continue;
    }
    const missing = cols.filter((c) => !have.has(c.name.toLowerCase()));
    if (!missing.length) continue;
    // New columns are always nullable: existing rows have no value for them.
    const defs = missing.map((c) => columnDef(d, { ...c, nullable: true }, constraints));
    if (d.alterAddMultiColumn) out.push(`ALTER TABLE ${qn} ${defs.map((x) => `ADD COLUMN ${x}`).join(', ')}`);
    else for (const x of defs) out.push(`ALTER TABLE ${qn} ADD COLUMN ${x}`);
  }
  return out;
}
