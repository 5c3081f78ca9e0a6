/**
 * Row counts that survive tables the destination does not have yet (a pending package can add a table
 * to the schema before it is loaded): one UNION ALL query first, one query per table when that fails.
 */
import type { Dataset } from '../../dataset/dataset.js';

const q = (n: string) => '"' + n.replace(/"/g, '""') + '"';
const lit = (s: string) => "'" + s.replace(/'/g, "''") + "'";

/** Rows per table; `null` for a table that cannot be counted (not created yet). */
export async function countRows(ds: Dataset, tables: string[]): Promise<Record<string, number | null>> {
  if (!tables.length) return {};
  const one = (t: string) => `SELECT ${lit(t)} AS table_name, count(*) AS row_count FROM ${q(ds.datasetName)}.${q(t)}`;
  try {
    const rows = await ds.query(tables.map(one).join(' UNION ALL '));
    return Object.fromEntries(rows.map((r) => [String(r.table_name), Number(r.row_count)]));
  } catch {
    const out: Record<string, number | null> = {};
    for (const t of tables) out[t] = await ds.table(t).count().catch(() => null);
    return out;
  }
}

/** Rows per load id per table, from `GROUP BY _dlt_load_id` over `tables`; tables that fail are skipped. */
export async function countByLoadId(ds: Dataset, tables: string[]): Promise<Map<string, Record<string, number>>> {
  const one = (t: string) => `SELECT ${lit(t)} AS table_name, _dlt_load_id AS load_id, count(*) AS n FROM ${q(ds.datasetName)}.${q(t)} GROUP BY _dlt_load_id`;
  let rows: Record<string, unknown>[] = [];
  if (tables.length) {
    try {
      rows = await ds.query(tables.map(one).join(' UNION ALL '));
    } catch {
      for (const t of tables) rows.push(...(await ds.query(one(t)).catch(() => [])));
    }
  }
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const id = String(r.load_id);
    const rec = out.get(id) ?? {};
    rec[String(r.table_name)] = Number(r.n);
    out.set(id, rec);
  }
  return out;
}
