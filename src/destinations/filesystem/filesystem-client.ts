/**
 * The filesystem DestinationClient (not a SqlJobClient: there is no transaction). A package load:
 * write `init`, record the data file paths of this attempt (filesystem-attempts.ts), convert every CSV
 * job to a temp file next to `<table>/<load_id>.<file_id>.<ext>` (jsonl and csv are gzipped,
 * `.jsonl.gz`, unless compression is disabled; a rejected job stops here, and only the files of an
 * interrupted earlier attempt go), remove an earlier attempt's files this one does not write again,
 * delete the files of `replace` tables, rename the temp files into place, write state files and the
 * `_dlt_version` file (new schema versions), and finally the `_dlt_loads` file — the commit marker
 * `isLoaded` looks for. A load that is killed and re-run, with the same settings or others that name
 * the files differently, leaves each row once. `merge` falls back to `append` with a warning, as in dlt.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { JobFailedTerminally, SluiceError } from '../../common/errors.js';
import { log } from '../../common/log.js';
import { parseCsvHeader } from '../../storage/csv.js';
import type { Job, LoadPackage } from '../../storage/load-package.js';
import { Schema, SCHEMA_ENGINE_VERSION } from '../../schema/schema.js';
import { LOADS_TABLE, STATE_TABLE, VERSION_TABLE } from '../../schema/system-tables.js';
import type { StoredSchema, TableSchema } from '../../schema/types.js';
import type { DestinationClient, JobOutcome, LoadPackageOptions } from '../destination.js';
import { duckdbDialect, duckdbDialect as d } from '../duckdb/duckdb-dialect.js';
import { plainRows } from '../duckdb/duckdb-result-values.js';
import { dataErrorText } from '../sql/sql-client.js';
import { decompressState } from '../sql/state-codec.js';
import { convertSql, GZIP_SUFFIX, isCompressible, type FileFormat } from './filesystem-formats.js';
import { recordAttempt, recordedFiles, removeFiles } from './filesystem-attempts.js';
import { ensureDatasetDir } from './filesystem-dataset-dir.js';
import { FilesystemLayout, parseSystemFileName } from './filesystem-layout.js';
import { createViews } from './filesystem-sql.js';

/** A job converted to its temp file, not yet in place. */
interface Converted {
  job: Job;
  tmp: string;
  target: string;
  rows: number;
  error?: string;
}

/** Written to `<dataset>/init` (dlt's storage version marker). */
const INIT_CONTENT = JSON.stringify({ storage_version: '1.0.0', writer: 'sluice' });

export class FilesystemClient implements DestinationClient {
  #db?: { instance: DuckDBInstance; conn: DuckDBConnection };
  #viewsReady = false;

  constructor(
    readonly layout: FilesystemLayout,
    readonly format: FileFormat,
    /** Pipeline state files kept per pipeline (dlt's `max_state_files`); 0 or less keeps all. */
    readonly maxStateFiles: number,
    /** Gzip jsonl and csv data files (`.jsonl.gz`); parquet is never gzipped. Default true, as in dlt. */
    readonly compression = true,
  ) {}

  /** Whether this client's data files are gzipped. */
  get #gzip(): boolean {
    return this.compression && isCompressible(this.format);
  }

  async #conn(): Promise<DuckDBConnection> {
    if (!this.#db) {
      const instance = await DuckDBInstance.create(':memory:');
      this.#db = { instance, conn: await instance.connect() };
    }
    return this.#db.conn;
  }

  #loadedIds(): Set<string> {
    const dir = this.layout.tableDir(LOADS_TABLE);
    if (!existsSync(dir)) return new Set();
    return new Set(
      readdirSync(dir)
        .map((f) => parseSystemFileName(f)?.loadId)
        .filter((x): x is string => !!x),
    );
  }

  async datasetExists(): Promise<boolean> {
    return existsSync(this.layout.tableDir(LOADS_TABLE));
  }

  async isLoaded(loadId: string): Promise<boolean> {
    return this.#loadedIds().has(loadId);
  }

  async loadPackage(pkg: LoadPackage, onJob?: (o: JobOutcome) => void, options: LoadPackageOptions = {}): Promise<JobOutcome[]> {
    const schema = pkg.schema();
    const loadId = pkg.loadId;
    ensureDatasetDir(this.layout);
    if (!existsSync(this.layout.initFile)) writeAtomic(this.layout.initFile, INIT_CONTENT);

    // 1. Every data job is converted to a temp file next to its target; a rejected job stops the load
    //    here, before anything in the dataset changed (unless `partial`).
    const jobs = pkg.jobs().filter((j) => j.state !== 'failed_jobs');
    const converted: Converted[] = [];
    const outcomes: JobOutcome[] = [];
    const createdAt = new Date(pkg.state().created_at);
    const layout = this.layout.forSchema(schema.name);
    const statePipelines = new Set<string>();
    // Each data job's file is named once per attempt (a `current_datetime` function is called here), and
    // the names are recorded before anything is written: an earlier, interrupted attempt's files under
    // other names (another compression or time) go before this attempt's take their place.
    const targets = new Map(jobs.filter((j) => j.table !== STATE_TABLE).map((j) => [j.jobId, this.#target(pkg, j, layout, createdAt)]));
    const stale = recordAttempt(pkg, this.layout.datasetDir, [...targets.values()]);
    try {
      for (const job of jobs) {
        if (job.table === STATE_TABLE) continue;
        const c = await this.#convertJob(pkg, schema, job, targets.get(job.jobId)!);
        if (c.error !== undefined && !options.partial) throw new JobFailedTerminally(job.jobId, c.error);
        if (c.error !== undefined) log.warn(`load ${loadId}: job ${job.jobId} failed terminally: ${c.error}`);
        else converted.push(c);
        outcomes.push({ jobId: job.jobId, table: job.table, rows: c.rows, ...(c.error !== undefined ? { error: c.error } : {}) });
      }
    } catch (e) {
      // Nothing of this package stays in the dataset: neither this attempt's temp files nor the files an
      // earlier, interrupted attempt put in place (under these names or others).
      removeFiles([...stale, ...targets.values()]);
      throw e;
    }
    removeFiles([...stale, ...outcomes.filter((o) => o.error !== undefined).map((o) => targets.get(o.jobId)!)]);

    // 2. The files of `replace` and `refresh` tables go, then the new files take their place.
    const withData = new Set(converted.map((c) => c.job.table));
    const pstate = pkg.state();
    const keep = new Set(converted.map((c) => c.tmp));
    const empty = (table: string) => {
      for (const f of layout.tableFiles(table, true)) if (!keep.has(f)) rmSync(f, { force: true });
    };
    // Files carry no table definition: a dropped table is an emptied one.
    for (const t of [...(pstate.truncated_tables ?? []), ...(pstate.dropped_tables ?? [])]) empty(t);
    const roots = new Set([...pstate.tables, ...[...withData].map((t) => schema.rootOf(t)?.name ?? t)]);
    for (const rootName of roots) {
      const root = schema.tables[rootName];
      if (!root || rootName.startsWith('_dlt')) continue;
      if (root.write_disposition === 'replace') {
        for (const t of schema.tableChain(rootName)) empty(t.name);
      } else if (root.write_disposition === 'merge' && [...withData].some((t) => schema.rootOf(t)?.name === rootName)) {
        log.warn(`table ${rootName}: the filesystem destination does not merge plain files; falling back to append`);
      }
    }
    for (const c of converted) {
      renameSync(c.tmp, c.target);
      onJob?.({ jobId: c.job.jobId, table: c.job.table, rows: c.rows });
    }
    for (const job of jobs) {
      if (job.table !== STATE_TABLE) continue;
      const o = { jobId: job.jobId, table: job.table, rows: await this.#writeStateFiles(await this.#conn(), pkg.jobPath(job), pkg.loadId, statePipelines) };
      outcomes.push(o);
      onJob?.(o);
    }
    this.#recordSchemaVersion(schema, loadId);
    // The commit marker: written last, so a load killed before this point is re-run as a whole.
    writeAtomic(
      this.layout.loadsFile(schema.name, loadId),
      JSON.stringify({ load_id: loadId, schema_name: schema.name, status: 0, inserted_at: new Date().toISOString(), schema_version_hash: schema.versionHash }) + '\n',
    );
    for (const name of statePipelines) this.#cleanupStateFiles(name);
    this.#viewsReady = false;
    return outcomes;
  }

  /**
   * Removes what unfinished attempts at loading `pkg` put in the dataset, for a package given up: the data
   * files they recorded (filesystem-attempts.ts) and the state and schema version files named for its
   * load id, with their `.tmp` writes. A committed load (`_dlt_loads` has it) keeps everything.
   */
  async discardPackage(pkg: LoadPackage): Promise<void> {
    if (await this.isLoaded(pkg.loadId)) return;
    removeFiles(recordedFiles(pkg, this.layout.datasetDir));
    for (const table of [STATE_TABLE, VERSION_TABLE]) {
      for (const f of this.layout.tableFiles(table, true)) if (parseSystemFileName(f.replace(/\.tmp$/, ''))?.loadId === pkg.loadId) rmSync(f, { force: true });
    }
    this.#viewsReady = false;
  }

  /** The path of a data job's file in the dataset, from the layout and the compression setting. */
  #target(pkg: LoadPackage, job: Job, layout: FilesystemLayout, createdAt: Date): string {
    return layout.jobFile({ tableName: job.table, loadId: pkg.loadId, fileId: job.fileId, ext: this.format, createdAt }) + (this.#gzip ? GZIP_SUFFIX : '');
  }

  /** Converts one data job into `<target>.tmp`; a destination data error comes back as `error`. */
  async #convertJob(pkg: LoadPackage, schema: Schema, job: Job, target: string): Promise<Converted> {
    const table = schema.tables[job.table];
    if (!table) throw new SluiceError(`job ${job.jobId}: table ${job.table} is not in the package schema`);
    const path = pkg.jobPath(job);
    const header = parseCsvHeader(headerLine(path));
    const columns = header.map((n) => table.columns[n] ?? { name: n, data_type: 'text' as const });
    const tmp = target + '.tmp';
    mkdirSync(dirname(target), { recursive: true });
    try {
      const r = await (await this.#conn()).run(convertSql(path, tmp, columns, this.format, this.#gzip));
      return { job, tmp, target, rows: Number(r.rowsChanged) };
    } catch (e) {
      rmSync(tmp, { force: true });
      if (duckdbDialect.isDataError(e)) return { job, tmp, target, rows: 0, error: dataErrorText(duckdbDialect, e) };
      throw e;
    }
  }

  /** One `_dlt_pipeline_state/<pipeline>__<load_id>__<hash>.jsonl` per state row. */
  async #writeStateFiles(conn: DuckDBConnection, csv: string, loadId: string, pipelines: Set<string>): Promise<number> {
    const columns = parseCsvHeader(headerLine(csv)).map((name) => ({ name }));
    const spec = columns.map((c) => `${d.literal(c.name)}: ${c.name === 'version' || c.name === 'engine_version' ? "'BIGINT'" : "'VARCHAR'"}`).join(', ');
    const reader = await conn.runAndReadAll(
      `SELECT * FROM read_csv(${d.literal(csv)}, header = true, auto_detect = false, columns = {${spec}}, quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false)`,
    );
    const rows = plainRows(reader);
    for (const row of rows) {
      writeAtomic(this.layout.stateFile(String(row.pipeline_name), loadId, String(row.version_hash ?? '')), JSON.stringify(row) + '\n');
      pipelines.add(String(row.pipeline_name));
    }
    return rows.length;
  }

  /**
   * dlt `_cleanup_pipeline_states`: keeps the newest `maxStateFiles` state files of `pipelineName` (by
   * load id) and deletes the rest. Runs after the `_dlt_loads` commit marker, so the state just written
   * is committed before any older one goes.
   */
  #cleanupStateFiles(pipelineName: string): void {
    if (this.maxStateFiles <= 0) return;
    for (const f of this.#systemFiles(STATE_TABLE, pipelineName, false).slice(this.maxStateFiles)) rmSync(f, { force: true });
  }

  /**
   * Writes `_dlt_version/<schema>__<load_id>__<hash>.jsonl` unless this schema version is the newest one
   * stored (the one a restore reads): a schema that comes back to an earlier content (a dropped resource
   * loaded again) is stored again.
   */
  #recordSchemaVersion(schema: Schema, loadId: string): void {
    const file = this.layout.versionFile(schema.name, loadId, schema.versionHash);
    const newest = this.#systemFiles(VERSION_TABLE, schema.name, true)[0];
    if (newest && parseSystemFileName(newest)?.hash === parseSystemFileName(file)?.hash) return;
    const row = {
      version: schema.version,
      engine_version: SCHEMA_ENGINE_VERSION,
      inserted_at: new Date().toISOString(),
      schema_name: schema.name,
      version_hash: schema.versionHash,
      schema: JSON.stringify(schema.toStored()),
    };
    writeAtomic(file, JSON.stringify(row) + '\n');
  }

  /** System files of `table` named for `name`, newest load first (committed loads only when `committed`). */
  #systemFiles(table: string, name: string, committed: boolean): string[] {
    const loaded = committed ? this.#loadedIds() : undefined;
    return this.layout
      .tableFiles(table)
      .map((f) => ({ f, p: parseSystemFileName(f) }))
      .filter(({ p }) => p && p.name === name && (!loaded || loaded.has(p.loadId)))
      .sort((a, b) => Number(b.p!.loadId) - Number(a.p!.loadId))
      .map(({ f }) => f);
  }

  async restoreState(pipelineName: string): Promise<Record<string, unknown> | undefined> {
    const newest = this.#systemFiles(STATE_TABLE, pipelineName, true)[0];
    if (!newest) return undefined;
    const rows = readJsonLines(newest).sort((a, b) => Number(b.version) - Number(a.version));
    return rows[0] ? decompressState(String(rows[0].state)) : undefined;
  }

  /** The newest schema version written by a completed load. */
  async restoreSchema(schemaName: string): Promise<StoredSchema | undefined> {
    for (const f of this.#systemFiles(VERSION_TABLE, schemaName, true)) {
      const row = readJsonLines(f)[0];
      if (row) return JSON.parse(String(row.schema)) as StoredSchema;
    }
    return undefined;
  }

  /** Every table known to the newest stored version of each schema in the dataset, with its schema's name. */
  #knownTables(): Record<string, TableSchema & { schemaName: string }> {
    const names = new Set(
      this.layout
        .tableFiles(VERSION_TABLE)
        .map((f) => parseSystemFileName(f)?.name)
        .filter((x): x is string => !!x),
    );
    const out: Record<string, TableSchema & { schemaName: string }> = {};
    for (const n of names) {
      const f = this.#systemFiles(VERSION_TABLE, n, false)[0];
      const row = f ? readJsonLines(f)[0] : undefined;
      if (!row) continue;
      for (const [t, table] of Object.entries((JSON.parse(String(row.schema)) as StoredSchema).tables)) out[t] = { ...table, schemaName: n };
    }
    return out;
  }

  /** SQL over the dataset's files (views in an in-memory DuckDB); unqualified names resolve to the dataset. */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    const conn = await this.#conn();
    if (!this.#viewsReady) {
      await createViews(conn, this.layout, this.#knownTables());
      this.#viewsReady = true;
    }
    return plainRows(await conn.runAndReadAll(sql));
  }

  async close(): Promise<void> {
    this.#db?.conn.closeSync();
    this.#db?.instance.closeSync?.();
    this.#db = undefined;
  }
}

/** Temp file + rename: readers never see a half-written file. */
function writeAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path + '.tmp', content);
  renameSync(path + '.tmp', path);
}

function readJsonLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The CSV header line of a job file (the first line; headers are far below 1 MB). */
function headerLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.toString('utf8', 0, n).split('\n', 1)[0]!;
  } finally {
    closeSync(fd);
  }
}
