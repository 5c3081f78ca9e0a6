/**
 * The work of loading one package inside one open transaction: DDL from the schema diff, then the
 * `refresh: 'drop_data'` truncation, then job by job the routing of each root chain (final table,
 * emptied first for truncate-and-insert, or staging for merge and staged replace) and the bulk copy, and
 * at the end the follow-up SQL, the `_dlt_version` row and the `_dlt_loads` row. DDL comes before any
 * DELETE or INSERT: DuckDB fails to commit a transaction that deleted rows of a table and then altered it.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { SluiceError } from '../../common/errors.js';
import { log } from '../../common/log.js';
import { parseCsvHeader } from '../../storage/csv.js';
import { SCHEMA_ENGINE_VERSION, typedColumns, type Schema } from '../../schema/schema.js';
import { LOADS_TABLE, VERSION_TABLE } from '../../schema/system-tables.js';
import type { TableSchema } from '../../schema/types.js';
import type { DestinationCapabilities } from '../destination.js';
import { migrationSql } from './ddl.js';
import { canMerge, duplicateKeySql, hasMergeKeys, mergeSql, replaceFromStagingSql, type MergeContext } from './merge-sql.js';
import { dataErrorText, type SqlClient, type SqlDialect } from './sql-client.js';

/** One job file's data was rejected by the destination (the job fails; the rest may load). */
export class JobDataError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * An upsert or insert-only merge found a primary key more than once among one load's root rows: they need unique keys (their
 * row ids are key hashes, so the children of both versions would mix). Reported on a job file of the
 * root table, as bad data of that job.
 */
export class DuplicateKeyError extends JobDataError {
  constructor(
    file: string,
    readonly table: string,
    readonly keys: readonly string[],
    readonly value: readonly unknown[],
    readonly count: number,
    strategy = 'upsert',
  ) {
    const key = keys.length === 1 ? keys[0]! : `(${keys.join(', ')})`;
    const val = value.length === 1 ? showValue(value[0]) : `(${value.map(showValue).join(', ')})`;
    super(
      file,
      `table ${table}: primary key ${key} = ${val} occurs ${count} times in one load; ${strategy} needs a unique primary_key within one load; use the delete-insert strategy to keep one version per key (a dedup_sort column picks which)`,
    );
  }
}

/** A key value as the error shows it: text quoted SQL-style, long values cut at 80 characters. */
function showValue(v: unknown): string {
  const s = typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : v instanceof Date ? v.toISOString() : String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** How a root table chain is loaded in this package. */
interface ChainPlan {
  /** Jobs of the chain's tables go to the staging dataset. */
  staged: boolean;
  replace?: 'truncate-and-insert' | 'insert-from-staging' | 'staging-optimized';
  merge: boolean;
}

export interface PackageLoadContext {
  sql: SqlClient;
  d: SqlDialect;
  dataset: string;
  staging: string;
  caps: DestinationCapabilities;
  loadId: string;
}

export class PackageLoad {
  /** Rows loaded per job file name. */
  readonly rows = new Map<string, number>();
  /** Columns per table of the dataset and of the staging dataset, as this transaction has made them. */
  readonly #existing = new Map<string, Map<string, Set<string>>>();
  readonly #plans = new Map<string, ChainPlan>();

  constructor(readonly c: PackageLoadContext) {}

  /**
   * Creates the dataset, drops the `refresh: 'drop_resources' | 'drop_sources'` tables (and their staging
   * copies), brings the tables in line with `schema`, then empties the `refresh: 'drop_data'` tables.
   */
  async prepare(schema: Schema, truncated: readonly string[], dropped: readonly string[] = []): Promise<void> {
    await this.c.sql.execute(this.c.d.createSchema(this.c.dataset));
    if (dropped.length) {
      for (const schemaName of [this.c.dataset, this.c.staging]) {
        // The staging dataset is only looked at here (not created): #columns reads it again when a chain needs it.
        const existing = schemaName === this.c.dataset ? await this.#columns(schemaName) : await this.c.sql.existingColumns(schemaName);
        for (const t of dropped) {
          if (!existing.delete(t.toLowerCase())) continue;
          await this.c.sql.execute(`DROP TABLE ${this.#q(schemaName, t)}`);
        }
      }
    }
    await this.#migrate(Object.values(schema.tables), this.c.dataset);
    const existing = await this.#columns(this.c.dataset);
    for (const t of truncated) if (existing.has(t.toLowerCase())) await this.#delete(this.c.dataset, t);
  }

  /** Brings `tables` of `schemaName` in line with the schema (`constraints: false`: without column constraints). */
  async #migrate(tables: readonly TableSchema[], schemaName: string, constraints = true): Promise<void> {
    const existing = await this.#columns(schemaName);
    for (const t of tables) {
      // A table switched to scd2 keeps the UNIQUE on `_dlt_id` it was created with; the row version repeats.
      if (constraints && this.c.d.dropUniqueSql && t.columns._dlt_id?.['x-row-version'] && existing.has(t.name.toLowerCase())) {
        await this.c.sql.execute(this.c.d.dropUniqueSql(this.#q(schemaName, t.name), '_dlt_id'));
      }
      const stmts = migrationSql(this.c.d, schemaName, [t], existing, constraints);
      if (!stmts.length) continue;
      for (const s of stmts) await this.c.sql.execute(s);
      existing.set(t.name.toLowerCase(), new Set(typedColumns(t).map((c) => c.name.toLowerCase())));
    }
  }

  /** Copies one job file of `table` into its target (final or staging), after {@link prepare}. */
  async copy(schema: Schema, table: string, path: string, file: string): Promise<void> {
    const t = schema.tables[table];
    if (!t) throw new SluiceError(`job ${file}: table ${table} is not in the package schema`);
    const plan = await this.#plan(schema, schema.rootOf(table) ?? t);
    const target = this.#q(plan.staged ? this.c.staging : this.c.dataset, table);
    const header = parseCsvHeader(readFirstLine(path));
    const columns = header.map((n) => t.columns[n] ?? { name: n, data_type: 'text' as const });
    let rows: number;
    try {
      rows = await this.c.sql.copyCsv(target, path, columns);
    } catch (e) {
      if (this.c.d.isDataError(e)) throw new JobDataError(file, dataErrorText(this.c.d, e));
      throw e;
    }
    this.rows.set(file, rows);
  }

  /**
   * After the last job: the plans of root chains that got no data (a replace without rows still empties
   * its tables), the follow-up SQL, `_dlt_version` and `_dlt_loads`.
   */
  async finish(schema: Schema, rootTables: readonly string[], withData: ReadonlySet<string>): Promise<void> {
    const { sql, d, dataset, loadId } = this.c;
    await this.#recordSchemaVersion(schema);
    const roots = new Set<string>([...rootTables, ...[...withData].map((t) => schema.rootOf(t)?.name ?? t)]);
    const mc: MergeContext = { d, dataset, staging: this.c.staging, loadId };
    const followUps: { root: string; sql: string[] }[] = [];
    for (const rootName of roots) {
      const root = schema.tables[rootName];
      if (!root || rootName.startsWith('_dlt')) continue;
      const plan = await this.#plan(schema, root);
      const chain = schema.tableChain(rootName).filter((t) => typedColumns(t).length);
      const chainWithData = chain.filter((t) => withData.has(t.name));
      const sqlOf: string[] = [];
      followUps.push({ root: rootName, sql: sqlOf });
      if (plan.replace === 'staging-optimized') {
        for (const t of chain) {
          const final = this.#q(dataset, t.name);
          sqlOf.push(...(withData.has(t.name) ? d.stagingOptimizedReplace!(final, dataset, this.c.staging, t.name) : [`DELETE FROM ${final}`]));
        }
      } else if (plan.replace === 'insert-from-staging') {
        sqlOf.push(...replaceFromStagingSql(mc, chain, withData));
      } else if (root.write_disposition === 'merge' && chainWithData.length) {
        if (!hasMergeKeys(root)) log.warn(`table ${rootName}: merge without primary_key or merge_key falls back to append`);
        if (plan.merge) {
          await this.#assertUniqueKeys(mc, root);
          sqlOf.push(...mergeSql(mc, schema, root, chainWithData));
        }
      }
    }
    for (const { root, sql: stmts } of followUps) {
      for (const stmt of stmts) {
        try {
          await sql.execute(stmt);
        } catch (e) {
          // Rows the follow-up moves break a constraint (a UNIQUE column): bad data of the root's job, which
          // a rerun would only repeat — not a conflict with a concurrent transaction.
          if (d.isDataError(e) && !d.isTransactionConflict?.(e)) throw new JobDataError(this.#jobFileOf(root), dataErrorText(d, e));
          throw e;
        }
      }
    }
    await sql.execute(
      `INSERT INTO ${this.#q(dataset, LOADS_TABLE)} (load_id, schema_name, status, inserted_at, schema_version_hash) VALUES (${d.literal(loadId)}, ${d.literal(schema.name)}, 0, CURRENT_TIMESTAMP, ${d.literal(schema.versionHash)})`,
    );
  }

  /** For upsert and insert-only: throws {@link DuplicateKeyError} when a primary key occurs twice among the staged root rows. */
  async #assertUniqueKeys(mc: MergeContext, root: TableSchema): Promise<void> {
    const check = duplicateKeySql(mc, root);
    if (!check) return;
    const [dup] = await this.c.sql.query(check.sql);
    if (!dup) return;
    throw new DuplicateKeyError(this.#jobFileOf(root.name), root.name, check.keys, check.keys.map((k) => dup[k]), Number(dup._dlt_n), root['x-merge-strategy']);
  }

  /** A job file of `table` this load copied (job files are named `<table>.<file_id>.<retry>.csv`), else the table name. */
  #jobFileOf(table: string): string {
    return [...this.rows.keys()].find((f) => f.slice(0, f.indexOf('.')) === table) ?? table;
  }

  /** Decides (once per root) where a chain's jobs go; a truncate-and-insert replace empties the chain now. */
  async #plan(schema: Schema, root: TableSchema): Promise<ChainPlan> {
    let plan = this.#plans.get(root.name);
    if (plan) return plan;
    plan = { staged: false, merge: false };
    if (!root.name.startsWith('_dlt')) {
      if (root.write_disposition === 'replace') {
        plan.replace = this.#replaceStrategy(root);
        plan.staged = plan.replace !== 'truncate-and-insert';
      } else if (root.write_disposition === 'merge') {
        plan.merge = canMerge(root);
        plan.staged = plan.merge;
      }
    }
    this.#plans.set(root.name, plan);
    if (plan.replace === 'truncate-and-insert') {
      const existing = await this.#columns(this.c.dataset);
      for (const t of schema.tableChain(root.name)) {
        if (existing.has(t.name.toLowerCase())) await this.#delete(this.c.dataset, t.name);
      }
    }
    if (plan.staged) {
      // Migrate, then empty, the whole chain's staging tables, not only those that get a job: rows an
      // earlier load left in a staging table whose job failed this time would be merged in again.
      // A merge's staging tables go without constraints: an upsert's row ids are key hashes, and a key
      // twice in one load must reach #assertUniqueKeys (a clear error), not a unique violation. A
      // replace's keep them: staging-optimized swaps the staging table in as the final one.
      const chain = schema.tableChain(root.name);
      await this.#migrate(chain, this.c.staging, !plan.merge);
      const staged = await this.#columns(this.c.staging);
      for (const t of chain) if (staged.has(t.name.toLowerCase())) await this.#delete(this.c.staging, t.name);
    }
    return plan;
  }

  #replaceStrategy(root: TableSchema): NonNullable<ChainPlan['replace']> {
    const wanted = root['x-replace-strategy'] ?? this.c.caps.replaceStrategies[0] ?? 'truncate-and-insert';
    if (!this.c.caps.replaceStrategies.includes(wanted)) return 'truncate-and-insert';
    return wanted === 'staging-optimized' && !this.c.d.stagingOptimizedReplace ? 'insert-from-staging' : wanted;
  }

  async #recordSchemaVersion(schema: Schema): Promise<void> {
    const { sql, d } = this.c;
    const vt = this.#q(this.c.dataset, VERSION_TABLE);
    // Compared with the newest stored version only (the one a restore reads): a schema that comes back
    // to an earlier content (a dropped resource loaded again) must be stored again, or a restore would
    // read the version without its tables.
    const newest = await sql.query(
      `SELECT version_hash FROM ${vt} WHERE schema_name = ${d.literal(schema.name)} ORDER BY inserted_at DESC, version DESC LIMIT 1`,
    );
    if (newest[0]?.version_hash === schema.versionHash) return;
    await sql.execute(
      `INSERT INTO ${vt} (version, engine_version, inserted_at, schema_name, version_hash, schema) VALUES (${schema.version}, ${SCHEMA_ENGINE_VERSION}, CURRENT_TIMESTAMP, ${d.literal(schema.name)}, ${d.literal(schema.versionHash)}, ${d.literal(JSON.stringify(schema.toStored()))})`,
    );
  }

  /** Columns per table of `schemaName`, read once per transaction and then kept up to date by {@link #migrate}. */
  async #columns(schemaName: string): Promise<Map<string, Set<string>>> {
    let m = this.#existing.get(schemaName);
    if (!m) {
      if (schemaName === this.c.staging) await this.c.sql.execute(this.c.d.createSchema(schemaName));
      m = await this.c.sql.existingColumns(schemaName);
      this.#existing.set(schemaName, m);
    }
    return m;
  }

  async #delete(schemaName: string, table: string): Promise<void> {
    await this.c.sql.execute(`DELETE FROM ${this.#q(schemaName, table)}`);
  }

  #q(schema: string, table: string): string {
    return `${this.c.d.quoteIdent(schema)}.${this.c.d.quoteIdent(table)}`;
  }
}

/** The header line of a CSV job file (read in chunks until the first newline). */
function readFirstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    let text = '';
    let pos = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) return text;
      const s = buf.toString('utf8', 0, n);
      const i = s.indexOf('\n');
      if (i !== -1) return text + s.slice(0, i);
      text += s;
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}
