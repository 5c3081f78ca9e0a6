/** SqlClient over an embedded DuckDB database file (`@duckdb/node-api`). */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SluiceError } from '../../common/errors.js';
import type { ColumnSchema } from '../../schema/types.js';
import type { SqlClient } from '../sql/sql-client.js';
import { duckdbDialect as d } from './duckdb-dialect.js';
import { existingColumnsVia } from '../sql/existing-columns.js';

/** CSV read type per column (json and binary are read as text and converted in the SELECT). */
function readType(c: ColumnSchema): string {
  return c.data_type === 'json' || c.data_type === 'binary' ? 'VARCHAR' : d.types[c.data_type ?? 'text'];
}
function selectExpr(c: ColumnSchema): string {
  const q = d.quoteIdent(c.name);
  if (c.data_type === 'json') return `CAST(${q} AS JSON)`;
  if (c.data_type === 'binary') return `unhex(substr(${q}, 3))`;
  return q;
}

/** Plain JS values for query results: BIGINTs that fit become numbers, Dates stay Dates. */
export function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  return v;
}

export class DuckDbSqlClient implements SqlClient {
  private constructor(readonly path: string, private readonly conn: DuckDBConnection) {}

  /** Opens (or creates) the database file; an in-process cache shares one instance per file. */
  static async open(path: string): Promise<DuckDbSqlClient> {
    try {
      const instance = await DuckDBInstance.fromCache(path);
      return new DuckDbSqlClient(path, await instance.connect());
    } catch (e) {
      throw new SluiceError(`cannot open DuckDB database ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  async execute(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.conn.runAndReadAll(sql);
    const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
    for (const r of rows) for (const k in r) r[k] = toPlain(r[k]);
    return rows;
  }

  begin() {
    return this.execute('BEGIN TRANSACTION');
  }
  commit() {
    return this.execute('COMMIT');
  }
  rollback() {
    return this.execute('ROLLBACK');
  }

  async copyCsv(qualifiedTable: string, file: string, columns: readonly ColumnSchema[]): Promise<number> {
    const spec = columns.map((c) => `${d.literal(c.name)}: ${d.literal(readType(c))}`).join(', ');
    const sql =
      `INSERT INTO ${qualifiedTable} (${columns.map((c) => d.quoteIdent(c.name)).join(', ')}) ` +
      `SELECT ${columns.map(selectExpr).join(', ')} FROM read_csv(${d.literal(file)}, header = true, auto_detect = false, ` +
      `columns = {${spec}}, quote = '"', escape = '"', delim = ',', nullstr = '', allow_quoted_nulls = false, new_line = '\\n')`;
    const r = await this.conn.run(sql);
    return Number(r.rowsChanged);
  }

  existingColumns(schemaName: string): Promise<Map<string, Set<string>>> {
    return existingColumnsVia((sql) => this.query(sql), d, schemaName);
  }

  async close(): Promise<void> {
    this.conn.closeSync();
  }
}
