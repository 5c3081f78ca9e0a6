/**
 * The DestinationClient every SQL destination shares: migration from the schema diff, bulk load of the
 * package's CSV jobs, replace/merge follow-ups and the system-table rows — all in ONE transaction per
 * package, so a package is loaded entirely or not at all, and `_dlt_loads` tells a rerun that it was
 * (loading a job twice never duplicates rows). Destination specifics live in SqlClient + SqlDialect.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { errorMessage, SluiceError } from '../../common/errors.js';
import { log } from '../../common/log.js';
import { parseCsvHeader } from '../../storage/csv.js';
import type { Job, LoadPackage } from '../../storage/load-package.js';
import { typedColumns, type Schema } from '../../schema/schema.js';
import { LOADS_TABLE, STATE_TABLE, VERSION_TABLE } from '../../schema/system-tables.js';
import type { StoredSchema, TableSchema } from '../../schema/types.js';
import type { DestinationCapabilities, DestinationClient, JobOutcome } from '../destination.js';
import { migrationSql } from './ddl.js';
import { mergeSql, replaceFromStagingSql, type MergeContext } from './merge-sql.js';
import type { SqlClient, SqlDialect } from './sql-client.js';
import { decompressState } from './state-codec.js';

/** Thrown inside the load transaction when one job's data is rejected. */
class JobDataError extends Error {
  constructor(readonly job: Job, readonly reason: string) {
    super(reason);
  }
}

export class SqlJobClient implements DestinationClient {
  readonly staging: string;
  constructor(
    readonly sql: SqlClient,
    readonly d: SqlDialect,
    readonly dataset: string,
    readonly caps: DestinationCapabilities,
  ) {
    this.staging = `${dataset}_staging`;
  }

  #q(schema: string, table: string): string {
    return `${this.d.quoteIdent(schema)}.${this.d.quoteIdent(table)}`;
  }

  async #hasTable(table: string): Promise<boolean> {
    return (await this.sql.existingColumns(this.dataset)).has(table.toLowerCase());
  }

  async isLoaded(loadId: string): Promise<boolean> {
    if (!(await this.#hasTable(LOADS_TABLE))) return false;
    const rows = await this.sql.query(`SELECT 1 AS x FROM ${this.#q(this.dataset, LOADS_TABLE)} WHERE load_id = ${this.d.literal(loadId)}`);
    return rows.length > 0;
  }

  async loadPackage(pkg: LoadPackage, onJob?: (o: JobOutcome) => void): Promise<JobOutcome[]> {
    const schema = pkg.schema();
    const pstate = pkg.state();
    const failed = new Map<string, string>();
    for (;;) {
      const jobs = pkg.jobs().filter((j) => j.state !== 'failed_jobs' && !failed.has(j.jobId));
      try {
        await this.sql.begin();
        const outcomes = await this.#loadInTransaction(pkg, schema, pstate.tables, jobs, pstate.truncated_tables ?? []);
        await this.sql.commit();
        for (const o of outcomes) onJob?.(o);
        return [...outcomes, ...[...failed].map(([jobId, error]) => ({ jobId, table: jobId.split('.')[0]!, rows: 0, error }))];
      } catch (e) {
        await this.sql.rollback().catch(() => undefined);
        if (e instanceof JobDataError) {
          log.warn(`load ${pkg.loadId}: job ${e.job.jobId} failed terminally: ${e.reason}`);
          failed.set(e.job.jobId, e.reason);
          continue; // retry the package without the bad job
        }
        if (await this.sql.relieveMemoryPressure?.(e)) continue; // retry with a wider memory budget
        throw e;
      }
    }
  }

  async #loadInTransaction(pkg: LoadPackage, schema: Schema, rootTables: string[], jobs: Job[], truncated: string[]): Promise<JobOutcome[]> {
    const d = this.d;
    const loadId = pkg.loadId;
    await this.sql.execute(d.createSchema(this.dataset));
    const existing = await this.sql.existingColumns(this.dataset);
    // refresh 'drop_data': the old rows go in the same transaction as the new ones arrive
    for (const t of truncated) if (existing.has(t.toLowerCase())) await this.sql.execute(`DELETE FROM ${this.#q(this.dataset, t)}`);
    const tables = Object.values(schema.tables);
    for (const stmt of migrationSql(d, this.dataset, tables, existing)) await this.sql.execute(stmt);
    await this.#recordSchemaVersion(schema);

    const withData = new Set(jobs.map((j) => j.table));
    const roots = new Set<string>([...rootTables, ...[...withData].map((t) => schema.rootOf(t)?.name ?? t)]);
    // Decide per root chain where its jobs go and what follows.
    const staged = new Set<string>();
    const followUps: string[] = [];
    const mc: MergeContext = { d, dataset: this.dataset, staging: this.staging, loadId };
    for (const rootName of roots) {
      const root = schema.tables[rootName];
      if (!root || rootName.startsWith('_dlt')) continue;
      const chain = schema.tableChain(rootName).filter((t) => typedColumns(t).length);
      const chainWithData = chain.filter((t) => withData.has(t.name));
      if (root.write_disposition === 'replace') {
        const strategy = this.#replaceStrategy(root);
        if (strategy === 'truncate-and-insert') {
          for (const t of chain) await this.sql.execute(`DELETE FROM ${this.#q(this.dataset, t.name)}`);
        } else if (strategy === 'staging-optimized' && d.stagingOptimizedReplace) {
          chainWithData.forEach((t) => staged.add(t.name));
          for (const t of chain) {
            const final = this.#q(this.dataset, t.name);
            followUps.push(...(withData.has(t.name) ? d.stagingOptimizedReplace(final, this.dataset, this.staging, t.name) : [`DELETE FROM ${final}`]));
          }
        } else {
          chainWithData.forEach((t) => staged.add(t.name));
          followUps.push(...replaceFromStagingSql(mc, chain, withData));
        }
      } else if (root.write_disposition === 'merge' && chainWithData.length) {
        const sqls = mergeSql(mc, schema, root, chainWithData);
        if (!sqls.length) {
          log.warn(`table ${rootName}: merge without primary_key or merge_key falls back to append`);
        } else {
          chainWithData.forEach((t) => staged.add(t.name));
          followUps.push(...sqls);
        }
      }
    }
    if (staged.size) await this.#prepareStaging(schema, staged);

    const outcomes: JobOutcome[] = [];
    for (const job of jobs) {
      const table = schema.tables[job.table];
      if (!table) throw new SluiceError(`job ${job.jobId}: table ${job.table} is not in the package schema`);
      const path = pkg.jobPath(job);
      const header = parseCsvHeader(readFirstLine(path));
      const columns = header.map((n) => table.columns[n] ?? { name: n, data_type: 'text' as const });
      const target = staged.has(job.table) ? this.#q(this.staging, job.table) : this.#q(this.dataset, job.table);
      let rows: number;
      try {
        rows = await this.sql.copyCsv(target, path, columns);
      } catch (e) {
        if (d.isDataError(e)) throw new JobDataError(job, errorMessage(e));
        throw e;
      }
      outcomes.push({ jobId: job.jobId, table: job.table, rows });
    }
    for (const stmt of followUps) await this.sql.execute(stmt);
    await this.sql.execute(
      `INSERT INTO ${this.#q(this.dataset, LOADS_TABLE)} (load_id, schema_name, status, inserted_at, schema_version_hash) VALUES (${d.literal(loadId)}, ${d.literal(schema.name)}, 0, CURRENT_TIMESTAMP, ${d.literal(schema.versionHash)})`,
    );
    return outcomes;
  }

  #replaceStrategy(root: TableSchema): string {
    const wanted = root['x-replace-strategy'] ?? this.caps.replaceStrategies[0] ?? 'truncate-and-insert';
    if (!this.caps.replaceStrategies.includes(wanted)) return 'truncate-and-insert';
    return wanted === 'staging-optimized' && !this.d.stagingOptimizedReplace ? 'insert-from-staging' : wanted;
  }

  async #prepareStaging(schema: Schema, staged: Set<string>): Promise<void> {
    await this.sql.execute(this.d.createSchema(this.staging));
    const tables = [...staged].map((n) => schema.tables[n]!);
    const existing = await this.sql.existingColumns(this.staging);
    for (const stmt of migrationSql(this.d, this.staging, tables, existing)) await this.sql.execute(stmt);
    for (const t of tables) await this.sql.execute(`DELETE FROM ${this.#q(this.staging, t.name)}`);
  }

  async #recordSchemaVersion(schema: Schema): Promise<void> {
    const vt = this.#q(this.dataset, VERSION_TABLE);
    const d = this.d;
    const seen = await this.sql.query(`SELECT 1 AS x FROM ${vt} WHERE version_hash = ${d.literal(schema.versionHash)} AND schema_name = ${d.literal(schema.name)}`);
    if (seen.length) return;
    await this.sql.execute(
      `INSERT INTO ${vt} (version, engine_version, inserted_at, schema_name, version_hash, schema) VALUES (${schema.version}, 11, CURRENT_TIMESTAMP, ${d.literal(schema.name)}, ${d.literal(schema.versionHash)}, ${d.literal(JSON.stringify(schema.toStored()))})`,
    );
  }

  async restoreState(pipelineName: string): Promise<Record<string, unknown> | undefined> {
    if (!(await this.#hasTable(STATE_TABLE)) || !(await this.#hasTable(LOADS_TABLE))) return undefined;
    const rows = await this.sql.query(
      `SELECT s.state AS state FROM ${this.#q(this.dataset, STATE_TABLE)} s JOIN ${this.#q(this.dataset, LOADS_TABLE)} l ON l.load_id = s._dlt_load_id WHERE s.pipeline_name = ${this.d.literal(pipelineName)} AND l.status = 0 ORDER BY s._dlt_load_id DESC, s.version DESC LIMIT 1`,
    );
    return rows[0] ? decompressState(String(rows[0].state)) : undefined;
  }

  async restoreSchema(schemaName: string): Promise<StoredSchema | undefined> {
    if (!(await this.#hasTable(VERSION_TABLE))) return undefined;
    const rows = await this.sql.query(
      `SELECT schema FROM ${this.#q(this.dataset, VERSION_TABLE)} WHERE schema_name = ${this.d.literal(schemaName)} ORDER BY inserted_at DESC, version DESC LIMIT 1`,
    );
    return rows[0] ? (JSON.parse(String(rows[0].schema)) as StoredSchema) : undefined;
  }

  /** Runs `sql` with unqualified names resolving to the dataset (when it exists). */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    if (!this.#searchPathSet && (await this.sql.existingColumns(this.dataset)).size) {
      await this.sql.execute(this.d.setSearchPath(this.dataset));
      this.#searchPathSet = true;
    }
    return this.sql.query(sql);
  }
  #searchPathSet = false;

  async dropTables(names: string[]): Promise<void> {
    await this.sql.begin();
    try {
      for (const n of names) await this.sql.execute(`DROP TABLE IF EXISTS ${this.#q(this.dataset, n)}`);
      await this.sql.commit();
    } catch (e) {
      await this.sql.rollback().catch(() => undefined);
      throw e;
    }
  }

  close(): Promise<void> {
    return this.sql.close();
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
