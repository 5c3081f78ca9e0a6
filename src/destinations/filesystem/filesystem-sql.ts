/**
 * SQL over a filesystem dataset (dlt's `filesystem/sql_client.py`): an in-memory DuckDB with one view
 * per table, `"<dataset>"."<table>"`, over the table's files. Columns and types come from the stored
 * schemas (`_dlt_version`), so a view has every column even when no file holds it yet; tables the
 * schemas do not know are read with inferred types. `search_path` is the dataset.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { typedColumns } from '../../schema/schema.js';
import { systemTables } from '../../schema/system-tables.js';
import type { ColumnSchema, TableSchema } from '../../schema/types.js';
import { duckdbDialect as d } from '../duckdb/duckdb-dialect.js';
import { formatOfFile, readExpr, readFilesSql, type FileFormat } from './filesystem-formats.js';
import type { FilesystemLayout } from './filesystem-layout.js';

/** Creates (or replaces) the dataset's views on `conn`. `tables` are the known table schemas by name, with the name of their schema. */
export async function createViews(conn: DuckDBConnection, layout: FilesystemLayout, tables: Record<string, TableSchema & { schemaName?: string }>): Promise<void> {
  const ds = d.quoteIdent(layout.dataset);
  await conn.run(`CREATE SCHEMA IF NOT EXISTS ${ds}`);
  const all: Record<string, TableSchema & { schemaName?: string }> = { ...tables, ...systemTables() };
  const names = new Set([...Object.keys(all), ...layout.tables()]);
  for (const name of names) {
    const t = all[name];
    const columns = t ? typedColumns(t) : undefined;
    const files = layout.forSchema(t?.schemaName ?? layout.schemaName).tableFiles(name);
    const sql = await viewSelect(conn, files, columns?.length ? columns : undefined);
    if (sql) await conn.run(`CREATE OR REPLACE VIEW ${ds}.${d.quoteIdent(name)} AS ${sql}`);
  }
  await conn.run(d.setSearchPath(layout.dataset));
}

/** The SELECT of one view, or undefined for a table with neither files nor a schema. */
async function viewSelect(conn: DuckDBConnection, files: string[], columns: ColumnSchema[] | undefined): Promise<string | undefined> {
  const byFormat = new Map<FileFormat, string[]>();
  for (const f of files) {
    const fmt = formatOfFile(f);
    if (fmt) byFormat.set(fmt, [...(byFormat.get(fmt) ?? []), f]);
  }
  if (!columns) {
    if (!byFormat.size) return undefined;
    return [...byFormat].map(([fmt, fs]) => `SELECT * FROM ${readFilesSql(fs, fmt)}`).join(' UNION ALL BY NAME ');
  }
  if (!byFormat.size) return `SELECT ${columns.map((c) => readExpr(c, 'jsonl', false)).join(', ')} WHERE false`;
  const parts: string[] = [];
  for (const [fmt, fs] of byFormat) {
    const src = readFilesSql(fs, fmt, columns);
    let present = new Set(columns.map((c) => c.name));
    // Parquet and csv files hold only the columns they were written with; jsonl reads every column.
    if (fmt !== 'jsonl') {
      const desc = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`);
      present = new Set(desc.getRowObjectsJS().map((r) => String(r.column_name)));
    }
    parts.push(`SELECT ${columns.map((c) => readExpr(c, fmt, present.has(c.name))).join(', ')} FROM ${src}`);
  }
  return parts.join(' UNION ALL ');
}
