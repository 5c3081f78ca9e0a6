/**
 * The DestinationClient every SQL destination shares: migration from the schema diff, bulk load of the
 * package's CSV jobs, replace/merge follow-ups and the system-table rows — all in ONE transaction per
 * package (see `package-load.ts`), so a package is loaded entirely or not at all, and `_dlt_loads` tells
 * a rerun that it was (loading a job twice never duplicates rows). Destination specifics live in
 * SqlClient + SqlDialect.
 */
import { log } from '../../common/log.js';
import type { LoadPackage } from '../../storage/load-package.js';
import { LOADS_TABLE, STATE_TABLE, VERSION_TABLE } from '../../schema/system-tables.js';
import type { StoredSchema } from '../../schema/types.js';
import { typedColumns } from '../../schema/schema.js';
import { shortenIdentifier } from '../../schema/naming.js';
import { errorMessage, JobFailedTerminally } from '../../common/errors.js';
import type { DestinationCapabilities, DestinationClient, JobOutcome, LoadPackageOptions } from '../destination.js';
import { JobDataError, PackageLoad, type PackageLoadContext } from './package-load.js';
import type { SqlClient, SqlDialect } from './sql-client.js';
import { decompressState } from './state-codec.js';

/** Times a package's transaction is retried after a conflict with a concurrent one (25 ms, 50 ms, ... apart). */
const MAX_CONFLICT_RETRIES = 5;

export class SqlJobClient implements DestinationClient {
  /** The physical dataset name: `datasetName` shortened with dlt's hash tag to the identifier limit (dlt `normalize_dataset_name`). */
  readonly dataset: string;
  /**
   * `<dataset>_staging`, shortened the same way (dlt `normalize_staging_dataset_name`): PostgreSQL cuts
   * identifiers at 63, so an unshortened long name would be the dataset itself.
   */
  readonly staging: string;
  constructor(
    readonly sql: SqlClient,
    readonly d: SqlDialect,
    datasetName: string,
    readonly caps: DestinationCapabilities,
  ) {
    this.dataset = shortenIdentifier(datasetName, datasetName, caps.maxIdentifierLength);
    const staging = `${this.dataset}_staging`;
    this.staging = shortenIdentifier(staging, staging, caps.maxIdentifierLength);
  }

  #q(schema: string, table: string): string {
    return `${this.d.quoteIdent(schema)}.${this.d.quoteIdent(table)}`;
  }

  #ctx(loadId: string): PackageLoadContext {
    return { sql: this.sql, d: this.d, dataset: this.dataset, staging: this.staging, caps: this.caps, loadId };
  }

  async #hasTable(table: string): Promise<boolean> {
    return (await this.sql.existingColumns(this.dataset)).has(table.toLowerCase());
  }

  datasetExists(): Promise<boolean> {
    return this.#hasTable(LOADS_TABLE);
  }

  async isLoaded(loadId: string): Promise<boolean> {
    if (!(await this.#hasTable(LOADS_TABLE))) return false;
    const rows = await this.sql.query(`SELECT 1 AS x FROM ${this.#q(this.dataset, LOADS_TABLE)} WHERE load_id = ${this.d.literal(loadId)}`);
    return rows.length > 0;
  }

  async loadPackage(pkg: LoadPackage, onJob?: (o: JobOutcome) => void, options: LoadPackageOptions = {}): Promise<JobOutcome[]> {
    const schema = pkg.schema();
    const pstate = pkg.state();
    const failed = new Map<string, string>();
    const tables = new Set(pkg.jobs().map((j) => j.table));
    await this.sql.sizeForLoad?.(Math.max(0, ...[...tables].map((t) => (schema.tables[t] ? typedColumns(schema.tables[t]).length : 0))), pkg.pendingBytes());
    let conflicts = 0;
    for (;;) {
      const jobs = pkg.jobs().filter((j) => j.state !== 'failed_jobs' && !failed.has(j.jobId));
      try {
        await this.sql.begin();
        const load = new PackageLoad(this.#ctx(pkg.loadId));
        await load.prepare(schema, pstate.truncated_tables ?? [], pstate.dropped_tables ?? []);
        for (const job of jobs) await load.copy(schema, job.table, pkg.jobPath(job), job.file);
        await load.finish(schema, pstate.tables, new Set(jobs.map((j) => j.table)));
        await this.sql.commit();
        const outcomes = jobs.map((j) => ({ jobId: j.jobId, table: j.table, rows: load.rows.get(j.file) ?? 0 }));
        for (const o of outcomes) onJob?.(o);
        return [...outcomes, ...[...failed].map(([jobId, error]) => ({ jobId, table: jobId.split('.')[0]!, rows: 0, error }))];
      } catch (e) {
        await this.sql.rollback().catch(() => undefined);
        const bad = e instanceof JobDataError ? jobs.find((j) => j.file === e.file) : undefined;
        if (bad && e instanceof JobDataError) {
          if (!options.partial) throw new JobFailedTerminally(bad.jobId, e.reason);
          log.warn(`load ${pkg.loadId}: job ${bad.jobId} failed terminally: ${e.reason}`);
          failed.set(bad.jobId, e.reason);
          continue; // retry the package without the bad job
        }
        if (await this.sql.relieveMemoryPressure?.(e)) continue; // retry with a wider memory budget
        if (this.d.isTransactionConflict?.(e) && ++conflicts <= MAX_CONFLICT_RETRIES) {
          log.info(`load ${pkg.loadId}: a concurrent transaction changed the same tables (${errorMessage(e).split('\n')[0]}); retrying the package`);
          await new Promise((r) => setTimeout(r, 25 * 2 ** conflicts));
          continue;
        }
        throw e;
      }
    }
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

  interrupt(): void {
    this.sql.interrupt?.();
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}
