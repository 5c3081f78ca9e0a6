/** SqlClient over an embedded DuckDB database file (`@duckdb/node-api`). */
import type { DuckDBConnection } from '@duckdb/node-api';
import { leaseInstance, USE_CATALOG } from './duckdb-instances.js';
import { errorMessage, SluiceError } from '../../common/errors.js';
import { totalmem } from 'node:os';
import { log } from '../../common/log.js';
import type { ColumnSchema } from '../../schema/types.js';
import type { SqlClient } from '../sql/sql-client.js';
import type { DuckDbLoadOptions } from './duckdb-destination.js';
import { duckdbDialect as d } from './duckdb-dialect.js';
import { existingColumnsVia } from '../sql/existing-columns.js';
import { columnType } from '../sql/ddl.js';
import { BIG_PACKAGE_BYTES } from '../../storage/load-package.js';
import { plainRows } from './duckdb-result-values.js';

/** CSV read type per column: its column type (json and binary are read as text and converted in the SELECT). */
function readType(c: ColumnSchema): string {
  return c.data_type === 'json' || c.data_type === 'binary' ? 'VARCHAR' : columnType(d, c.data_type ? c : { ...c, data_type: 'text' });
}
function selectExpr(c: ColumnSchema): string {
  const q = d.quoteIdent(c.name);
  if (c.data_type === 'json') return `CAST(${q} AS JSON)`;
  if (c.data_type === 'binary') return `unhex(substr(${q}, 3))`;
  return q;
}

/**
 * DuckDB's allocator keeps freed memory for reuse up to `allocator_flush_threshold` (default 128 MB) per
 * thread; while a big package loads, that retained memory grows with the data. Flushing above 16 MB, in
 * background threads, keeps the load's RSS nearly flat (3M records: 610 MB instead of 779 MB) at no
 * measurable cost in load speed.
 */
const ALLOCATOR_SETTINGS = { allocator_flush_threshold: '16MB', allocator_background_threads: 'true' };

/** Bytes in a DuckDB size setting such as `256MB`, `1.5GB`, `512MiB`; undefined when not a size. */
function parseSize(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?\s*$/i.exec(s);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  const pow = { b: 0, kb: 1, kib: 1, mb: 2, mib: 2, gb: 3, gib: 3, tb: 4, tib: 4 }[unit]!;
  return Number(m[1]) * (unit.includes('i') || unit === 'b' ? 1024 : 1000) ** pow;
}

/** `read_csv` buffer size (see {@link DuckDbSqlClient.copyCsv}). */
const CSV_BUFFER_BYTES = 4 * 1024 * 1024;

/** DuckDB's memory_limit outside loads (queries, the dashboard) when the user sets none. */
export const QUERY_MEMORY_LIMIT_MIB = 256;
/** The least memory_limit sluice gives DuckDB for a load (when the user sets none). */
export const LOAD_MEMORY_FLOOR_MIB = 48;
/**
 * memory_limit per column of a package's widest table. DuckDB holds a column's row group in memory per
 * writing thread until it is full: measured with 50k rows of short text, 100 columns needed more than
 * 160 MiB and 300 more than 400 MiB, while the 12-column benchmark tables load in 48 MiB
 * (32 MiB runs out: DuckDB wants a few 4 MiB buffers per thread).
 */
export const LOAD_MEMORY_PER_COLUMN_MIB = 3;

export class DuckDbSqlClient implements SqlClient {
  private constructor(
    readonly path: string,
    private readonly conn: DuckDBConnection,
    private readonly release: () => void,
    /** Whether sluice sizes `memory_limit` per package load (the user set none). */
    private readonly sized: boolean,
    private readonly preserveInsertionOrder: boolean,
    /** Whether the database is open sealed: read-only, no files or other databases, no `SET`. */
    readonly sealed: boolean,
  ) {}

  /** Whether `memory_limit` is capped (sluice's or the user's); false once out-of-memory retries pass 16 GB. */
  private capped = true;
  /** MiB of memory_limit for this client's loads (sized mode); raised by out-of-memory retries. */
  #loadMib = LOAD_MEMORY_FLOOR_MIB;
  /** Whether begin() changed memory_limit (to be put back when the transaction ends). */
  #budgetSet = false;

  /**
   * Opens (or creates) the database file; clients in this process share one instance per file, which is
   * closed (and its lock released) when the last client closes.
   * `memoryLimit` caps DuckDB's buffer pool; without it queries get {@link QUERY_MEMORY_LIMIT_MIB} MiB
   * and each load a cap sized for its package (see {@link sizeForLoad}). `sealed` asks for the
   * database read-only, with external access off and its configuration locked (see duckdb-instances.ts);
   * {@link sealed} tells whether it got it.
   */
  static async open(path: string, options: DuckDbLoadOptions = {}, sealed = false): Promise<DuckDbSqlClient> {
    const { memoryLimit, preserveInsertionOrder = false } = options;
    try {
      const settings = { ...ALLOCATOR_SETTINGS, memory_limit: memoryLimit ?? `${QUERY_MEMORY_LIMIT_MIB}MiB` };
      const { instance, release, sealed: isSealed } = await leaseInstance(path, { settings, sealed });
      try {
        const conn = await instance.connect();
        await conn.run(USE_CATALOG);
        return new DuckDbSqlClient(path, conn, release, !memoryLimit, preserveInsertionOrder, isSealed);
      } catch (e) {
        release();
        throw e;
      }
    } catch (e) {
      throw new SluiceError(`cannot open DuckDB database ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  async execute(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    return plainRows(await this.conn.runAndReadAll(sql));
  }

  interrupt(): void {
    this.conn.interrupt();
  }

  /**
   * A transaction is a package load. Unless `preserveInsertionOrder`, it runs with
   * `preserve_insertion_order = false`, and without a user `memoryLimit` with the package's sized
   * budget. Both settings are global to the database (instance-wide, so other connections of this
   * process see them while the load runs); they are set before BEGIN and put back after COMMIT or
   * ROLLBACK (an aborted transaction refuses SET), so queries outside loads keep DuckDB's order
   * preservation and {@link QUERY_MEMORY_LIMIT_MIB} MiB.
   */
  async begin() {
    if (!this.preserveInsertionOrder) await this.execute('SET preserve_insertion_order = false');
    this.#budgetSet = this.sized && (!this.capped || this.#loadMib !== QUERY_MEMORY_LIMIT_MIB);
    if (this.#budgetSet) await this.execute(this.capped ? `SET memory_limit = '${this.#loadMib}MiB'` : 'RESET memory_limit');
    await this.execute('BEGIN TRANSACTION');
  }
  commit() {
    return this.#ending('COMMIT');
  }
  rollback() {
    return this.#ending('ROLLBACK');
  }
  async #ending(sql: string) {
    try {
      await this.execute(sql);
    } finally {
      // Best effort: an error here must not hide the COMMIT's or ROLLBACK's own.
      try {
        if (!this.preserveInsertionOrder) await this.execute('RESET preserve_insertion_order');
        if (this.#budgetSet) await this.execute(`SET memory_limit = '${QUERY_MEMORY_LIMIT_MIB}MiB'`);
        this.#budgetSet = false;
      } catch (e) {
        log.debug(`duckdb ${this.path}: could not restore settings after ${sql}: ${errorMessage(e)}`);
      }
    }
  }

  /**
   * `read_csv` with the job file's columns. Its buffer is 4 MiB instead of DuckDB's default 32 MiB (16 ×
   * `max_line_size`): the load then fits a small `memory_limit`, and rows up to ~4 MB long load (the
   * default stops at 2 MB). Measured at 1M records: same load time, same RSS at the default limit.
   */
  async copyCsv(qualifiedTable: string, file: string, columns: readonly ColumnSchema[]): Promise<number> {
    const spec = columns.map((c) => `${d.literal(c.name)}: ${d.literal(readType(c))}`).join(', ');
    const sql =
      `INSERT INTO ${qualifiedTable} (${columns.map((c) => d.quoteIdent(c.name)).join(', ')}) ` +
      `SELECT ${columns.map(selectExpr).join(', ')} FROM read_csv(${d.literal(file)}, header = true, auto_detect = false, ` +
      `columns = {${spec}}, buffer_size = ${CSV_BUFFER_BYTES}, quote = '"', escape = '"', delim = ',', nullstr = '', allow_quoted_nulls = false, new_line = '\\n')`;
    const r = await this.conn.run(sql);
    return Number(r.rowsChanged);
  }

  existingColumns(schemaName: string): Promise<Map<string, Set<string>>> {
    return existingColumnsVia((sql) => this.query(sql), d, schemaName);
  }

  /**
   * Without a user `memoryLimit`: sizes this client's load budget for a package whose widest table has
   * `columns` columns ({@link LOAD_MEMORY_PER_COLUMN_MIB} MiB per column, at least
   * {@link LOAD_MEMORY_FLOOR_MIB} MiB, at most 80% of RAM), so narrow packages load in little memory and
   * wide ones without an out-of-memory retry. Never lowered for this client's later packages. A
   * package under {@link BIG_PACKAGE_BYTES} of job files loads with at least the query limit.
   */
  async sizeForLoad(columns: number, bytes: number): Promise<void> {
    if (!this.sized) return;
    const ram = Math.floor((totalmem() * 0.8) / 1024 ** 2);
    let want = Math.min(ram, Math.max(LOAD_MEMORY_FLOOR_MIB, Math.ceil(columns * LOAD_MEMORY_PER_COLUMN_MIB)));
    // A small package keeps the query limit: DuckDB holds little of it, and changing the limit twice
    // per load costs a small run ~20 ms.
    if (bytes < BIG_PACKAGE_BYTES) want = Math.max(want, QUERY_MEMORY_LIMIT_MIB);
    this.#loadMib = Math.max(this.#loadMib, want);
  }

  /** The database's memory_limit in bytes (0 when unreadable). */
  async #memoryLimit(): Promise<number> {
    const [row] = await this.query("SELECT current_setting('memory_limit') AS v");
    return parseSize(String(row?.v ?? '')) ?? 0;
  }

  /**
   * DuckDB needs buffer memory per column being written, so a wide package can exceed a small
   * `memory_limit`. On "Out of Memory Error" the limit is quadrupled, up to 16 GB, after which DuckDB's
   * own default (80% of RAM) applies; the loader retries the package each time.
   */
  async relieveMemoryPressure(e: unknown): Promise<boolean> {
    if (!this.capped || !/Out of Memory Error/i.test(e instanceof Error ? e.message : String(e))) return false;
    if (this.sized) {
      // The next begin() applies it.
      const next = this.#loadMib * 4;
      if (next > 16 * 1024) this.capped = false;
      else this.#loadMib = next;
      log.info(`duckdb ${this.path}: out of memory while loading; memory_limit raised to ${this.capped ? `${next} MiB` : "DuckDB's default"}, retrying the package`);
      return true;
    }
    // The limit belongs to the instance this process shares: read it, another client may have raised it.
    const next = (await this.#memoryLimit()) * 4;
    let raisedTo: string;
    if (next === 0 || next > 16 * 1024 ** 3) {
      await this.conn.run('RESET memory_limit');
      this.capped = false;
      raisedTo = "DuckDB's default";
    } else {
      raisedTo = `${Math.round(next / 1024 ** 2)} MiB`;
      await this.conn.run(`SET memory_limit = '${raisedTo.replace(' ', '')}'`);
    }
    log.info(`duckdb ${this.path}: out of memory while loading; memory_limit raised to ${raisedTo}, retrying the package`);
    return true;
  }

  async close(): Promise<void> {
    try {
      this.conn.closeSync();
    } finally {
      this.release();
    }
  }
}
