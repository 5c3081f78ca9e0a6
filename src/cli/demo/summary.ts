/** The demo's table summary: row counts per table and a peek at the main table. */
import type { Pipeline } from '../../pipeline/pipeline.js';
import { renderTable } from '../table-format.js';

export interface DatasetSummary {
  tables: { name: string; parent?: string; rows: number }[];
  /** The main table (the first root table with rows) and its first rows by key, without `_dlt` columns. */
  peek?: { table: string; columns: string[]; rows: Record<string, unknown>[] };
}

export async function summarizeDataset(p: Pipeline, peekRows = 3): Promise<DatasetSummary> {
  const ds = p.dataset();
  const counts = await ds.rowCounts();
  const schema = p.defaultSchema;
  const tables = ds.tables.map((name) => ({ name, parent: schema?.tables[name]?.parent, rows: counts[name] ?? 0 }));
  const main = tables.find((t) => !t.parent && t.rows > 0);
  if (!main || !main.rows) return { tables };
  const columns = Object.values(schema?.tables[main.name]?.columns ?? {})
    .filter((c) => c.data_type && !c.name.startsWith('_dlt'))
    .map((c) => c.name);
  // A limited relation is ordered by the table's key (its primary key, else _dlt_id); without a primary
  // key the peek goes by the first column, which reads better than _dlt_id's order.
  const hasKey = Object.values(schema?.tables[main.name]?.columns ?? {}).some((c) => c.primary_key && c.data_type);
  const rel = hasKey || !columns[0] ? ds.table(main.name) : ds.table(main.name).orderBy(columns[0]);
  const rows = await rel.limit(peekRows).rows();
  return { tables, peek: { table: main.name, columns, rows: rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]]))) } };
}

export function summaryText(s: DatasetSummary, width: number): string {
  const lines = ['Tables:'];
  const w = Math.max(...s.tables.map((t) => t.name.length), 5);
  for (const t of s.tables) lines.push(`  ${t.name.padEnd(w)}  ${String(t.rows).padStart(7)} row(s)${t.parent ? `  (child of ${t.parent})` : ''}`);
  if (!s.tables.length) lines.push('  (no data tables)');
  if (s.peek) {
    lines.push('', `First ${s.peek.rows.length} rows of ${s.peek.table}:`);
    lines.push(...renderTable(s.peek.columns, s.peek.rows, { maxCell: 16, maxWidth: Math.max(40, width - 2) }).split('\n').map((l) => '  ' + l));
  }
  return lines.join('\n');
}
